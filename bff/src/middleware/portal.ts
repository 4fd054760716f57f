import { createMiddleware } from 'hono/factory';
import { notFound } from '../http/api-error.js';
import type { AppEnv } from '../http/context.js';
import { idParam } from '../http/params.js';
import { hostServesPortal, requestHostname } from '../services/embedding/servable-portal.js';
import { logAuth } from '../services/identity/audit-log.js';
import { type PortalRecord, requestPortalRecord } from '../services/portals/portal-record.js';

/** The full portal row for the request, kept beside the shared `portal` context. */
const records = new WeakMap<object, PortalRecord>();

/**
 * Resolves `:portalId` to an enabled portal whose tracking domain is the request's host
 * (outside production, `config.devHosts` too). Anything else is the same 404: there is no
 * default portal. Read fresh every request, so a disabled portal stops at once.
 */
export const resolvePortal = createMiddleware<AppEnv>(async (c, next) => {
  const { db, config } = c.get('deps');
  const portalId = idParam(c.req.param('portalId'), 'portal');
  const portal = await requestPortalRecord(c.req.raw, db, portalId);
  const host = requestHostname(c.req.url);
  const hostOk = portal !== undefined && hostServesPortal(host, portal.trackingDomain, config);
  if (!portal?.enabled || !hostOk) {
    logAuth(c, 'portal_denied', { portalId, host });
    throw notFound('portal');
  }
  c.set('portal', {
    id: portal.id,
    accountId: portal.accountId,
    trackingDomain: portal.trackingDomain,
    permissions: portal.permissions,
  });
  records.set(c.req.raw, portal);
  await next();
});

/** The resolved portal's full record (secrets included: server-side use only). */
export function portalRecord(c: { req: { raw: Request } }): PortalRecord {
  const record = records.get(c.req.raw);
  if (!record) throw new Error('resolvePortal must run first');
  return record;
}
