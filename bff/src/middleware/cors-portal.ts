import { CSRF_HEADER, IDEMPOTENCY_HEADER, Id } from '@portico/shared';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../http/context.js';
import { setResponseHeader } from '../http/response-headers.js';
import { embeddingOrigins, isAllowedOrigin } from '../services/embedding/embedding-origins.js';
import { findServablePortal } from '../services/embedding/servable-portal.js';

const PORTAL_PATH = /^\/api\/portals\/([^/]+)(?:\/|$)/;
const ALLOW_METHODS = 'GET, POST, PUT, PATCH, DELETE';
const ALLOW_HEADERS = ['content-type', CSRF_HEADER, IDEMPOTENCY_HEADER].join(', ');
const EXPOSE_HEADERS = 'Retry-After, X-Request-Id';

/**
 * CORS for the shopper API in inline (script-tag) mode, SECURITY item 18: the Origin is
 * echoed only when it is exactly one of the portal's allowed origins, with credentials and
 * `Vary: Origin`. `null`, any other origin, an unknown portal or a wrong host get no CORS
 * headers at all, so the browser withholds the response. A preflight is answered here.
 */
export const corsPortal = createMiddleware<AppEnv>(async (c, next) => {
  const origin = c.req.header('origin');
  const isAllowed = async () =>
    origin ? allowedOrigin(c.req.raw, c.req.path, origin, c.get('deps')) : false;
  const preflight =
    c.req.method === 'OPTIONS' && c.req.header('access-control-request-method') !== undefined;

  if (preflight) {
    const allowed = await isAllowed();
    const headers: Record<string, string> = { Vary: 'Origin' };
    if (allowed && origin) {
      Object.assign(headers, {
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Allow-Methods': ALLOW_METHODS,
        'Access-Control-Allow-Headers': ALLOW_HEADERS,
        'Access-Control-Max-Age': '600',
      });
    }
    return c.body(null, 204, headers);
  }

  await next();
  // Decided after the route, from the portal record the request used: the shopper session
  // check may have replaced a stale cached copy (it costs no query of its own).
  const allowed = await isAllowed();
  setResponseHeader(c, 'Vary', 'Origin', { append: true });
  if (allowed && origin) {
    setResponseHeader(c, 'Access-Control-Allow-Origin', origin);
    setResponseHeader(c, 'Access-Control-Allow-Credentials', 'true');
    setResponseHeader(c, 'Access-Control-Expose-Headers', EXPOSE_HEADERS);
  }
});

async function allowedOrigin(
  req: Request,
  path: string,
  origin: string,
  deps: AppEnv['Variables']['deps'],
): Promise<boolean> {
  const portalId = PORTAL_PATH.exec(path)?.[1];
  if (!portalId || !Id.safeParse(portalId).success || origin === 'null') return false;
  const portal = await findServablePortal(req, deps.db, deps.config, portalId);
  return portal !== undefined && isAllowedOrigin(origin, embeddingOrigins(portal, deps.config));
}
