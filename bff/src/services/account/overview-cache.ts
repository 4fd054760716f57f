import type { Db } from '@portico/db';

interface Held {
  /** The overview's version when Postgres wrote `body` (see `customer_overview_changes`). */
  version: string;
  body: string;
}

interface Cache {
  bySession: Map<string, Held>;
  /** Characters of every held body, to bound memory as well as entries. */
  chars: number;
}

/** Per database handle (tests run many databases in one process), by session id. */
const caches = new WeakMap<Db, Cache>();
/** Enough for the shoppers active at once on one instance; the oldest go first past it. */
export const OVERVIEW_CACHE_SIZE = 10_000;
/**
 * Characters held at most, 16 Mi (16–32 MB: UTF-16 code units): a long-time subscriber's
 * body can be ~100 KB, so the entry cap alone would not bound memory.
 */
export const OVERVIEW_CACHE_CHARS = 16 * 2 ** 20;

function cacheOf(db: Db): Cache {
  let cache = caches.get(db);
  if (!cache) {
    cache = { bySession: new Map(), chars: 0 };
    caches.set(db, cache);
  }
  return cache;
}

function drop(cache: Cache, sessionId: string): void {
  const held = cache.bySession.get(sessionId);
  if (!held) return;
  cache.chars -= held.body.length;
  cache.bySession.delete(sessionId);
}

/** The body held for the session if it was written at `version` (the current one), else undefined. */
export function heldOverview(db: Db, sessionId: string, version: string): string | undefined {
  const held = cacheOf(db).bySession.get(sessionId);
  return held?.version === version ? held.body : undefined;
}

/** Holds the body Postgres wrote at `version` for the session, in place of any older one. */
export function holdOverview(db: Db, sessionId: string, version: string, body: string): void {
  const cache = cacheOf(db);
  drop(cache, sessionId);
  if (body.length > OVERVIEW_CACHE_CHARS) return;
  cache.bySession.set(sessionId, { version, body });
  cache.chars += body.length;
  // The oldest held bodies go first, until both bounds hold.
  for (const oldest of cache.bySession.keys()) {
    if (cache.bySession.size <= OVERVIEW_CACHE_SIZE && cache.chars <= OVERVIEW_CACHE_CHARS) break;
    drop(cache, oldest);
  }
}
