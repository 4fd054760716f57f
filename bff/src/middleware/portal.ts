import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { notFound } from '../http/api-error.js';
import type { AppEnv } from '../http/context.js';
import { idParam } from '../http/params.js';
import { isSessionSectionPath } from '../http/session-sections.js';
import { requestHostname, servableAt } from '../services/embedding/servable-portal.js';
import { logAuth } from '../services/identity/audit-log.js';
import {
  isUnverifiedPortalRecord,
  type PortalRecord,
  reloadPortalRecord,
  requestPortalRecord,
} from '../services/portals/portal-record.js';

/** The full portal row for the request, kept beside the shared `portal` context. */
const records = new WeakMap<object, PortalRecord>();

function servable(c: Context<AppEnv>, portal: PortalRecord | undefined): portal is PortalRecord {
  return servableAt(portal, c.req.url, c.get('deps').config);
}

function deny(c: Context<AppEnv>, portalId: string): never {
  logAuth(c, 'portal_denied', { portalId, host: requestHostname(c.req.url) });
  throw notFound('portal');
}

function keep(c: Context<AppEnv>, portal: PortalRecord): void {
  c.set('portal', {
    id: portal.id,
    accountId: portal.accountId,
    trackingDomain: portal.trackingDomain,
    permissions: portal.permissions,
  });
  records.set(c.req.raw, portal);
}

/**
 * Resolves `:portalId` to an enabled portal whose tracking domain is the request's host
 * (outside production, `config.devHosts` too). Anything else is the same 404: there is no
 * default portal. Read fresh, except in the session sections, whose session query checks the
 * cached copy's version in its own round trip (`requireShopper`), so a disabled portal stops
 * at once there too. A cached copy is never the reason for a 404: it is reloaded first.
 */
export const resolvePortal = createMiddleware<AppEnv>(async (c, next) => {
  const { db } = c.get('deps');
  const portalId = idParam(c.req.param('portalId'), 'portal');
  const cached = isSessionSectionPath(c.req.path);
  let portal = await requestPortalRecord(c.req.raw, db, portalId, { cached });
  if (!servable(c, portal) && isUnverifiedPortalRecord(c.req.raw, portalId)) {
    portal = await reloadPortalRecord(c.req.raw, db, portalId);
  }
  if (!servable(c, portal)) deny(c, portalId);
  keep(c, portal);
  await next();
});

/** The resolved portal's full record (secrets included: server-side use only). */
export function portalRecord(c: { req: { raw: Request } }): PortalRecord {
  const record = records.get(c.req.raw);
  if (!record) throw new Error('resolvePortal must run first');
  return record;
}

/** Whether the request's portal record is a cached copy whose version nothing has checked. */
export function portalUnverified(c: Context<AppEnv>): boolean {
  return isUnverifiedPortalRecord(c.req.raw, portalRecord(c).id);
}

/**
 * Reads the request's portal afresh (its cached copy was stale, or is about to be the reason
 * for a refusal) and applies `resolvePortal`'s rules again: 404 when it may no longer be
 * served here. Returns the fresh record, which `portalRecord` answers from now on.
 */
export async function refreshPortal(c: Context<AppEnv>): Promise<PortalRecord> {
  const portalId = portalRecord(c).id;
  const portal = await reloadPortalRecord(c.req.raw, c.get('deps').db, portalId);
  if (!servable(c, portal)) deny(c, portalId);
  keep(c, portal);
  return portal;
}
