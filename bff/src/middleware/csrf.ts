import { CSRF_HEADER } from '@portico/shared';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Config } from '../config.js';
import { ApiError } from '../http/api-error.js';
import type { AppEnv } from '../http/context.js';
import { embeddingOrigins, isAllowedOrigin } from '../services/embedding/embedding-origins.js';
import { logAuth } from '../services/identity/audit-log.js';
import { portalRecord, portalUnverified, refreshPortal } from './portal.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Origins a state-changing request may come from: the portal's embedding origins (tracking
 * domain, stored allowed origins, dev storefronts outside production) and, outside
 * production, the request's own origin (plain-http pages on a dev host).
 */
export function allowedOrigins(
  record: { trackingDomain: string; allowedOrigins: string[] },
  requestOrigin: string,
  config: Pick<Config, 'production' | 'devHosts' | 'port'>,
): string[] {
  const list = embeddingOrigins(record, config);
  if (!config.production) list.push(requestOrigin);
  return list;
}

/** Whether the request's Origin may change state on its portal (see `allowedOrigins`). */
export function originAllowed(c: Context<AppEnv>): boolean {
  const allowed = allowedOrigins(portalRecord(c), new URL(c.req.url).origin, c.get('deps').config);
  return isAllowedOrigin(c.req.header('origin'), allowed);
}

/** 403 `csrf_rejected` for a state-changing request from an origin the portal does not allow. */
export function rejectOrigin(c: Context<AppEnv>): never {
  logAuth(c, 'csrf_rejected', { why: 'origin' });
  throw new ApiError('csrf_rejected', 'this request is not allowed from this origin');
}

/** Whether the method changes state (everything but GET, HEAD and OPTIONS). */
export const isUnsafeMethod = (method: string) => !SAFE.has(method);

/**
 * CSRF defence for every state-changing shopper request (after `resolvePortal`):
 * JSON only (415), an allowed Origin (403 `csrf_rejected`) and `x-portico-request: 1` (403).
 * A cached portal copy never refuses an origin: it is reloaded first. One that admits an
 * origin is checked again by `requireShopper` when its version turns out stale.
 */
export const csrfProtect = createMiddleware<AppEnv>(async (c, next) => {
  if (!isUnsafeMethod(c.req.method)) return next();
  const deny = (why: string) => logAuth(c, 'csrf_rejected', { why });
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    deny('content_type');
    throw new ApiError('unsupported_media_type', 'send the body as application/json');
  }
  if (!originAllowed(c)) {
    // A cached copy may predate the merchant adding this origin: read it afresh first.
    if (portalUnverified(c)) await refreshPortal(c);
    if (!originAllowed(c)) rejectOrigin(c);
  }
  if (c.req.header(CSRF_HEADER) !== '1') {
    deny('header');
    throw new ApiError('csrf_rejected', `the ${CSRF_HEADER} header is required`);
  }
  await next();
});
