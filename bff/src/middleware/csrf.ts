import { CSRF_HEADER } from '@portico/shared';
import { createMiddleware } from 'hono/factory';
import type { Config } from '../config.js';
import { ApiError } from '../http/api-error.js';
import type { AppEnv } from '../http/context.js';
import { embeddingOrigins, isAllowedOrigin } from '../services/embedding/embedding-origins.js';
import { logAuth } from '../services/identity/audit-log.js';
import { portalRecord } from './portal.js';

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

/**
 * CSRF defence for every state-changing shopper request (after `resolvePortal`):
 * JSON only (415), an allowed Origin (403 `csrf_rejected`) and `x-portico-request: 1` (403).
 */
export const csrfProtect = createMiddleware<AppEnv>(async (c, next) => {
  if (SAFE.has(c.req.method)) return next();
  const deny = (why: string) => logAuth(c, 'csrf_rejected', { why });
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    deny('content_type');
    throw new ApiError('unsupported_media_type', 'send the body as application/json');
  }
  const origin = c.req.header('origin');
  const allowed = allowedOrigins(portalRecord(c), new URL(c.req.url).origin, c.get('deps').config);
  if (!isAllowedOrigin(origin, allowed)) {
    deny('origin');
    throw new ApiError('csrf_rejected', 'this request is not allowed from this origin');
  }
  if (c.req.header(CSRF_HEADER) !== '1') {
    deny('header');
    throw new ApiError('csrf_rejected', `the ${CSRF_HEADER} header is required`);
  }
  await next();
});
