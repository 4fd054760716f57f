import type { Db } from '@portico/db';
import { sql } from 'kysely';

/**
 * Origins that may frame the card fields and call POST /tokens: every portal's tracking
 * domain over https, every portal's extra allowed origin, and in development the dev hosts
 * on any port.
 */
export async function isPortalOrigin(db: Db, origin: string, devHosts: string[]): Promise<boolean> {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin !== origin) return false;
  if (devHosts.includes(url.hostname) && ['http:', 'https:'].includes(url.protocol)) return true;
  if (url.protocol !== 'https:') return false;
  const row = await db
    .selectFrom('portals')
    .innerJoin('tracking_domains', 'tracking_domains.id', 'portals.tracking_domain_id')
    .select(sql<number>`1`.as('one'))
    .where((eb) =>
      eb.or([
        eb('tracking_domains.hostname', '=', url.port ? '' : url.hostname),
        eb(sql<string>`${origin}`, '=', eb.fn.any('portals.allowed_origins')),
      ]),
    )
    .where('portals.enabled', '=', true)
    .executeTakeFirst();
  return row !== undefined;
}
