import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import {
  ASSET_TYPES,
  assetExtension,
  CACHE_IMMUTABLE,
  CACHE_SHORT,
  isHashedName,
} from './content-types.js';

const NOT_BUILT =
  'The Portico widget has not been built yet. Run `pnpm --filter @portico/widget build` (pnpm start does this).\n';

/**
 * The widget's build output: `/embed.js` (the loader merchants paste) and `/widget/<file>`.
 * Public code, so any origin may load it (inline mode imports modules across origins).
 */
export const widgetAssets = new Hono<AppEnv>()
  .get('/embed.js', (c) => serveAsset(c, 'embed.js'))
  .get('/widget/:file', (c) => serveAsset(c, c.req.param('file')));

async function serveAsset(c: Context<AppEnv>, name: string): Promise<Response> {
  const ext = assetExtension(name);
  if (!ext) return c.text('not found\n', 404);
  const dir = c.get('deps').config.widgetDistDir;
  let body: Buffer;
  try {
    body = await readFile(join(dir, name));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return c.text(existsSync(dir) ? 'not found\n' : NOT_BUILT, 404, {
      'Cache-Control': 'no-store',
    });
  }
  return c.body(new Uint8Array(body), 200, {
    'Content-Type': ASSET_TYPES[ext],
    'Cache-Control': isHashedName(name) ? CACHE_IMMUTABLE : CACHE_SHORT,
    'X-Content-Type-Options': 'nosniff',
    'Access-Control-Allow-Origin': '*',
    'Cross-Origin-Resource-Policy': 'cross-origin',
  });
}
