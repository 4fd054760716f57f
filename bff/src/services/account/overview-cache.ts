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

/** The body held for the session if it was written at `version` (the current one), else undefined. */
export function heldOverview(db: Db, sessionId: string, version: string): string | undefined {
  const held = cacheOf(db).get(sessionId);
  return held?.version === version ? held.body : undefined;
}

/** Holds the body Postgres wrote at `version` for the session, in place of any older one. */
export function holdOverview(db: Db, sessionId: string, version: string, body: string): void {
  const cache = cacheOf(db);
  cache.delete(sessionId);
  cache.set(sessionId, { version, body });
  if (cache.size > OVERVIEW_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
}
