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

/**
 * What `peekMany` reads for one window: its current count, or with `recent` this window's
 * count plus the previous one's (a sliding look-back of at least one full window, so
 * failures straddling a window boundary still add up).
 */
export interface Peek {
  w: Window;
  recent?: boolean;
}

function peekedStarts(p: Peek, now: Date): number[] {
  const start = windowStart(now, p.w.windowMs).getTime();
  return p.recent ? [start, start - p.w.windowMs] : [start];
}

/**
 * The counts of several windows, without adding, in one query (one round trip instead of
 * one per window: a login checks four).
 */
export async function peekMany(db: Db, peeks: Peek[], now: Date): Promise<number[]> {
  if (peeks.length === 0) return [];
  const starts = [...new Set(peeks.flatMap((p) => peekedStarts(p, now)))];
  const rows = await db
    .selectFrom('rate_limit_counters')
    .select(['key', 'window_start', 'count'])
    .where('key', 'in', [...new Set(peeks.map((p) => p.w.key))])
    .where(
      'window_start',
      'in',
      starts.map((t) => new Date(t)),
    )
    .execute();
  return peeks.map((p) => {
    const wanted = peekedStarts(p, now);
    return rows
      .filter((r) => r.key === p.w.key && wanted.includes(r.window_start.getTime()))
      .reduce((sum, r) => sum + r.count, 0);
  });
}

/** Clears this window and the previous one (what a `recent` peek reads). */
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
