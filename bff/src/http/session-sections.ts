import { SHOPPER_API_PREFIX } from '@portico/shared';

/**
 * The shopper API sections behind the session guards (CSRF, then `requireShopper`), relative
 * to `/api/portals/:portalId`. Every request under them reaches the session check, which
 * compares the cached portal's version with the database's, so they may start from the cache.
 */
export const SESSION_SECTIONS = [
  '/account',
  '/cards',
  '/subscriptions',
  '/trials',
  '/salvage-transactions',
  '/transactions',
] as const;

export type SessionSection = (typeof SESSION_SECTIONS)[number];

/** Whether `path` (the request's pathname) lies in a session section of some portal. */
export function isSessionSectionPath(path: string): boolean {
  if (!path.startsWith(`${SHOPPER_API_PREFIX}/`)) return false;
  const rest = path.slice(SHOPPER_API_PREFIX.length + 1);
  const slash = rest.indexOf('/');
  if (slash < 0) return false;
  const tail = rest.slice(slash);
  return SESSION_SECTIONS.some((s) => tail === s || tail.startsWith(`${s}/`));
}
