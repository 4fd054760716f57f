import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { notFound } from '../../http/api-error.js';
import type { AppEnv } from '../../http/context.js';
import { idParam } from '../../http/params.js';
import { embeddingOrigins, isAllowedOrigin } from '../../services/embedding/embedding-origins.js';
import { findServablePortal } from '../../services/embedding/servable-portal.js';
import { cardFieldsOrigins } from './card-fields-origins.js';
import { portalPageCsp } from './csp.js';
import { portalPageHtml } from './page-html.js';

export const PORTAL_PAGE_SCRIPT = '/widget/portal-page.js';
const TWO_YEARS = 63_072_000;

/**
 * GET /p/:portalId — the page the iframe loads, on the portal's tracking domain. Unknown
 * portal, wrong host and disabled portal are the same 404.
 */
export const portalPage = new Hono<AppEnv>().get('/p/:portalId', async (c) => {
  const { db, config } = c.get('deps');
  const portalId = idParam(c.req.param('portalId'), 'portal');
  const portal = await findServablePortal(c.req.raw, db, config, portalId);
  if (!portal) throw notFound('portal');

  const allowed = embeddingOrigins(portal, config);
  // embed.js (widget branch) sends `origin`; the documented name is `embed_origin`. Either
  // is only ever reflected after the exact allow-list check below.
  const requested = c.req.query('embed_origin') ?? c.req.query('origin');
  const nonce = randomBytes(18).toString('base64');
  const built = existsSync(join(config.widgetDistDir, 'portal-page.js'));

  c.header(
    'Content-Security-Policy',
    portalPageCsp({
      nonce,
      frameAncestors: allowed,
      cardFieldsOrigins: cardFieldsOrigins(config, c.req.url),
    }),
  );
  if (config.production || new URL(c.req.url).protocol === 'https:') {
    c.header('Strict-Transport-Security', `max-age=${TWO_YEARS}; includeSubDomains`);
  }
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'no-referrer');
  // Each response carries a fresh nonce: never cache or share it.
  c.header('Cache-Control', 'no-store');
  return c.html(
    portalPageHtml({
      portalId: portal.id,
      displayName: portal.displayName,
      locale: portal.locale,
      nonce,
      embedOrigin: isAllowedOrigin(requested, allowed) ? requested : undefined,
      scriptPath: built ? PORTAL_PAGE_SCRIPT : undefined,
    }),
  );
});
