import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';

/** The example storefronts, one folder each with an index.html. */
export const EXAMPLE_STOREFRONTS = ['brand-a', 'brand-b'] as const;
export type ExampleStorefront = (typeof EXAMPLE_STOREFRONTS)[number];

const isStorefront = (name: string): name is ExampleStorefront =>
  (EXAMPLE_STOREFRONTS as readonly string[]).includes(name);

/**
 * GET /examples/<storefront>/ — the demo shops, served by the BFF on its own port so
 * `pnpm start` is one process. Development only: createApp does not mount this in
 * production, where the path is an ordinary 404.
 */
export const examples = new Hono<AppEnv>()
  .get('/examples', (c) => c.redirect('/examples/', 302))
  .get('/examples/', (c) =>
    c.html(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Portico examples</title></head><body><h1>Portico example storefronts</h1><ul>${EXAMPLE_STOREFRONTS.map((s) => `<li><a href="/examples/${s}/">${s}</a></li>`).join('')}</ul></body></html>`,
    ),
  )
  // Without the trailing slash, relative links inside the page would resolve one level up.
  .get('/examples/:storefront', (c) => {
    const name = c.req.param('storefront');
    return isStorefront(name) ? c.redirect(`/examples/${name}/`, 302) : c.notFound();
  })
  .get('/examples/:storefront/', async (c) => {
    const name = c.req.param('storefront');
    if (!isStorefront(name)) return c.notFound();
    const html = await readFile(join(c.get('deps').config.examplesDir, name, 'index.html'), 'utf8');
    return c.html(html, 200, { 'Cache-Control': 'no-cache' });
  });
