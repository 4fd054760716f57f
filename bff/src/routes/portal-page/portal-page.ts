import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { notFound } from '../../http/api-error.js';
import type { AppEnv } from '../../http/context.js';
import { idParam } from '../../http/params.js';
import { isHttps } from '../../middleware/client-ip.js';
import { embeddingOrigins, isAllowedOrigin } from '../../services/embedding/embedding-origins.js';
import { findServablePortal } from '../../services/embedding/servable-portal.js';
import { publicPortalConfig } from '../../services/portals/public-config.js';
import { readSessionCookie } from '../../services/sessions/cookie.js';
import { cardFieldsOrigins } from './card-fields-origins.js';
import { portalPageCsp } from './csp.js';
import { loadLoginPrerender, loginPrerenderHtml } from './login-prerender.js';
import { portalPageHtml } from './page-html.js';

export const PORTAL_PAGE_SCRIPT = '/widget/portal-page.js';
/** What PORTAL_PAGE_SCRIPT imports (as `./widget.js`): the same URL, so one module. */
export const WIDGET_SCRIPT = '/widget/widget.js';
const TWO_YEARS = 63_072_000;

/**
 * GET /p/:portalId — the page the iframe loads, on the portal's tracking domain. Unknown
 * portal, wrong host and disabled portal are the same 404. The page carries the portal's
 * public config and whether a session cookie came with it, so the widget paints its
 * first screen without waiting for the config and session requests.
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
  const boot = {
    config: publicPortalConfig(portal, config),
    // The widget's own requests carry the same cookies as this one: none here means its
    // session probe could only answer 401.
    signed_out: readSessionCookie(c, isHttps(c)) === undefined,
  };
  // Signed out, the page ships the login screen already rendered; with a session cookie it
  // does not, so a signed-in load never shows a login screen first.
  const prerender = built && boot.signed_out ? loadLoginPrerender(config.widgetDistDir) : undefined;
  return c.html(
    portalPageHtml({
      portalId: portal.id,
      displayName: portal.displayName,
      locale: portal.locale,
      nonce,
      embedOrigin: isAllowedOrigin(requested, allowed) ? requested : undefined,
      widget: built
        ? {
            entry: PORTAL_PAGE_SCRIPT,
            preload: WIDGET_SCRIPT,
            boot,
            prerendered: prerender && loginPrerenderHtml(prerender, portal.locale, boot.config),
          }
        : undefined,
    }),
  );
});
