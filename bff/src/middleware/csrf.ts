import { CSRF_HEADER } from '@portico/shared';
import { createMiddleware } from 'hono/factory';
import { ApiError } from '../http/api-error.js';
import type { AppEnv } from '../http/context.js';
import { logAuth } from '../services/identity/audit-log.js';
import { portalRecord } from './portal.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Origins a state-changing request may come from: the tracking domain and the portal's list. */
export function allowedOrigins(
  record: { trackingDomain: string; allowedOrigins: string[] },
  requestOrigin: string,
  production: boolean,
): string[] {
  const list = [`https://${record.trackingDomain}`, ...record.allowedOrigins];
  // Plain-http development pages on localhost post to their own origin.
  if (!production) list.push(requestOrigin);
  return list.map((o) => o.toLowerCase());
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
  const origin = c.req.header('origin')?.toLowerCase();
  const { config } = c.get('deps');
  const allowed = allowedOrigins(portalRecord(c), new URL(c.req.url).origin, config.production);
  if (!origin || !allowed.includes(origin)) {
    deny('origin');
    throw new ApiError('csrf_rejected', 'this request is not allowed from this origin');
  }
  if (c.req.header(CSRF_HEADER) !== '1') {
    deny('header');
    throw new ApiError('csrf_rejected', `the ${CSRF_HEADER} header is required`);
  }
  await next();
});
