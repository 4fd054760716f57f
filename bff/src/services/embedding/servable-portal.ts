import type { Db } from '@portico/db';
import type { Locale } from '@portico/shared';
import type { Config } from '../../config.js';

/** A portal that may be served on the request's host, with what the page and CORS need. */
export interface ServablePortal {
  id: string;
  accountId: string;
  displayName: string;
  locale: Locale;
  trackingDomain: string;
  allowedOrigins: string[];
}

/**
 * Host → portal resolution for the portal page and CORS: the portal must exist, be enabled,
 * sit on a ready tracking domain, and the request's host must be that tracking domain (or,
 * outside production, one of DEV_HOSTS). Anything else is `undefined`, which callers turn
 * into the same 404 as an unknown id: the tenant never comes from a header or a default.
 *
 * Minimal on purpose; the shopper portal middleware resolves the same thing and the two
 * can be folded together.
 */
export async function findServablePortal(
  db: Db,
  config: Pick<Config, 'production' | 'devHosts'>,
  portalId: string,
  requestHost: string,
): Promise<ServablePortal | undefined> {
  const row = await db
    .selectFrom('portals')
    .innerJoin('tracking_domains', 'tracking_domains.id', 'portals.tracking_domain_id')
    .select([
      'portals.id',
      'portals.account_id',
      'portals.name',
      'portals.display_name',
      'portals.locale',
      'portals.allowed_origins',
      'tracking_domains.hostname',
    ])
    .where('portals.id', '=', portalId)
    .where('portals.enabled', '=', true)
    .where('tracking_domains.dns_ready', '=', true)
    .where('tracking_domains.ssl_active', '=', true)
    .where('tracking_domains.account_id', '=', (eb) => eb.ref('portals.account_id'))
    .executeTakeFirst();
  if (!row) return undefined;
  const host = requestHost.toLowerCase();
  const devHost = !config.production && config.devHosts.includes(host);
  if (host !== row.hostname && !devHost) return undefined;
  return {
    id: row.id,
    accountId: row.account_id,
    displayName: row.display_name ?? row.name,
    locale: row.locale,
    trackingDomain: row.hostname,
    allowedOrigins: row.allowed_origins,
  };
}

/** The request's hostname without port, as the node server built the URL from `Host`. */
export function requestHostname(url: string): string {
  // IPv6 literals come bracketed in URLs but are listed bare in DEV_HOSTS.
  return new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
}
