import type { Db } from '@portico/db';

interface Held {
  /** The overview's version when Postgres wrote `body` (see `customer_overview_changes`). */
  version: string;
  body: string;
}

/** Per database handle (tests run many databases in one process), by session id. */
const caches = new WeakMap<Db, Map<string, Held>>();
/** Enough for the shoppers active at once on one instance; the oldest go first past it. */
export const OVERVIEW_CACHE_SIZE = 10_000;

function cacheOf(db: Db): Map<string, Held> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  return cache;
}

/**
 * The version of the overview body this server holds for the session, or null. The session
 * check sends it to Postgres, which writes the body again only when the version has moved.
 */
export function heldOverviewVersion(db: Db, sessionId: string): string | null {
  return cacheOf(db).get(sessionId)?.version ?? null;
}

/**
 * The overview body for the session after its check read `version` and, if the version had
 * moved, `body`: the fresh body (now held), the held one when Postgres found it current, or
 * null when there is no overview (no such customer in the session's account).
 */
export function settleOverview(
  db: Db,
  sessionId: string,
  version: string | null,
  body: string | null,
): string | null {
  const cache = cacheOf(db);
  const held = cache.get(sessionId);
  if (body === null) {
    // Postgres leaves the body out only when the version it read is the one held.
    return held !== undefined && held.version === version ? held.body : null;
  }
  cache.delete(sessionId);
  if (version !== null) {
    cache.set(sessionId, { version, body });
    if (cache.size > OVERVIEW_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  }
  return body;
}
