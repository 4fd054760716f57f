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
  // `?portal_host=<dev host>` loads embed.js (and so the portal) from that host rather than
  // the storefront's own, to try the deployments that matter for speed: portal.brand.com
  // framed by www.brand.com (same site: one renderer process) or a tracking domain on a
  // site of its own (cross-site: Chromium puts the frame in a second process). Only the
  // configured DEV_HOSTS are accepted, so the page never points at an arbitrary origin.
  .get('/examples/:storefront/', async (c) => {
    const name = c.req.param('storefront');
    if (!isStorefront(name)) return c.notFound();
    const { config } = c.get('deps');
    const portalHost = c.req.query('portal_host');
    if (portalHost !== undefined && !config.devHosts.includes(portalHost)) {
      return c.text('portal_host must be one of DEV_HOSTS\n', 400);
    }
    const html = await readFile(join(config.examplesDir, name, 'index.html'), 'utf8');
    const page = portalHost
      ? html.replace(
          'src="/embed.js"',
          `src="${new URL(c.req.url).protocol}//${portalHost.includes(':') ? `[${portalHost}]` : portalHost}:${config.port}/embed.js"`,
        )
      : html;
    return c.html(page, 200, { 'Cache-Control': 'no-cache' });
  });
