import type { Db } from '@portico/db';
import { sql } from 'kysely';

/**
 * Fixed-window counters in Postgres, so every BFF instance sees the same counts.
 * `key` names what is counted (e.g. `login:email:<portal>:<email>`), `windowMs` the window.
 */
export interface Window {
  key: string;
  windowMs: number;
}

function windowStart(now: Date, windowMs: number): Date {
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs);
}

/** Adds one and returns the new count (one upsert; concurrent hits all count). */
export async function hit(db: Db, w: Window, now: Date): Promise<number> {
  const start = windowStart(now, w.windowMs);
  const row = await db
    .insertInto('rate_limit_counters')
    .values({
      key: w.key,
      window_start: start,
      count: 1,
      expires_at: new Date(start.getTime() + w.windowMs),
    })
    .onConflict((oc) =>
      oc
        .columns(['key', 'window_start'])
        .doUpdateSet({ count: sql`rate_limit_counters.count + 1` }),
    )
    .returning('count')
    .executeTakeFirstOrThrow();
  return row.count;
}

/** The current window's count, without adding. */
export async function peek(db: Db, w: Window, now: Date): Promise<number> {
  const row = await db
    .selectFrom('rate_limit_counters')
    .select('count')
    .where('key', '=', w.key)
    .where('window_start', '=', windowStart(now, w.windowMs))
    .executeTakeFirst();
  return row?.count ?? 0;
}

/**
 * This window's count plus the previous one's: a sliding look-back of at least one full
 * window, so failures straddling a window boundary still add up.
 */
export async function peekRecent(db: Db, w: Window, now: Date): Promise<number> {
  const start = windowStart(now, w.windowMs);
  const rows = await db
    .selectFrom('rate_limit_counters')
    .select('count')
    .where('key', '=', w.key)
    .where('window_start', 'in', [start, new Date(start.getTime() - w.windowMs)])
    .execute();
  return rows.reduce((sum, r) => sum + r.count, 0);
}

/** Clears this window and the previous one (what peekRecent reads). */
export async function clear(db: Db, w: Window, now: Date): Promise<void> {
  const start = windowStart(now, w.windowMs);
  await db
    .deleteFrom('rate_limit_counters')
    .where('key', '=', w.key)
    .where('window_start', 'in', [start, new Date(start.getTime() - w.windowMs)])
    .execute();
}

/** Seconds until the current window ends: the Retry-After of a 429. */
export function retryAfterSeconds(w: Window, now: Date): number {
  const end = windowStart(now, w.windowMs).getTime() + w.windowMs;
  return Math.max(1, Math.ceil((end - now.getTime()) / 1000));
}

/** Drops expired windows (main.ts runs it periodically). */
export async function pruneExpired(db: Db, now: Date): Promise<void> {
  await db.deleteFrom('rate_limit_counters').where('expires_at', '<', now).execute();
}
