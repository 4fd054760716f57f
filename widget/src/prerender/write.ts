/**
 * `node --import tsx src/prerender/write.ts` (part of `pnpm build`): writes the login
 * prerender next to the bundles, where the BFF reads it. Not served as an asset.
 */
import { writeFileSync } from 'node:fs';
import { LOGIN_PRERENDER_FILE } from '@portico/shared';
import { renderLoginPrerender } from './login-prerender.js';

const out = new URL(`../../dist/${LOGIN_PRERENDER_FILE}`, import.meta.url);
const prerender = await renderLoginPrerender();
writeFileSync(out, `${JSON.stringify(prerender)}\n`);
const en = prerender.locales.en.plain;
console.log(`prerender: ${LOGIN_PRERENDER_FILE} (${en.length} B of markup per page, en)`);
