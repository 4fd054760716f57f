import type { Db } from '@portico/db';
import type { Config } from '../../config.js';
import {
  isUnverifiedPortalRecord,
  type PortalRecord,
  reloadPortalRecord,
  requestPortalRecord,
} from '../portals/portal-record.js';

/** Whether a request on `host` may be served `trackingDomain`'s portal (dev hosts outside production). */
export function hostServesPortal(
  host: string,
  trackingDomain: string,
  config: Pick<Config, 'production' | 'devHosts'>,
): boolean {
  const h = host.toLowerCase();
  return h === trackingDomain || (!config.production && config.devHosts.includes(h));
}

/** Whether `portal` exists, is enabled and may be served on the host of `url`. */
export function servableAt(
  portal: PortalRecord | undefined,
  url: string,
  config: Pick<Config, 'production' | 'devHosts'>,
): portal is PortalRecord {
  return (
    portal?.enabled === true &&
    hostServesPortal(requestHostname(url), portal.trackingDomain, config)
  );
}

/**
 * Host → portal resolution for the portal page and CORS: the portal must exist, be enabled,
 * sit on a ready tracking domain, and the request's host must be that tracking domain (or,
 * outside production, one of DEV_HOSTS). Anything else is `undefined`, which callers turn
 * into the same 404 as an unknown id: the tenant never comes from a header or a default.
 * The same lookup as the shopper API's `resolvePortal` (one `loadPortalRecord` per request);
 * never a cached copy whose version nothing has checked. The record holds secrets:
 * server-side use only (the page inlines `publicPortalConfig` of it).
 */
export async function findServablePortal(
  req: Request,
  db: Db,
  config: Pick<Config, 'production' | 'devHosts'>,
  portalId: string,
): Promise<PortalRecord | undefined> {
  const portal = isUnverifiedPortalRecord(req, portalId)
    ? await reloadPortalRecord(req, db, portalId)
    : await requestPortalRecord(req, db, portalId);
  return servableAt(portal, req.url, config) ? portal : undefined;
}

/** The request's hostname without port, as the node server built the URL from `Host`. */
export function requestHostname(url: string): string {
  // IPv6 literals come bracketed in URLs but are listed bare in DEV_HOSTS.
  return new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
}
