import type { Db } from '@portico/db';
import { sql } from 'kysely';
import { ApiError } from '../../http/api-error.js';

/** Card testing defence: attaching cards is limited per customer and per client IP. */
export const CARD_ATTEMPT_LIMITS = {
  perCustomer: { max: 10, windowSeconds: 3600 },
  perIp: { max: 30, windowSeconds: 3600 },
} as const;

/**
 * Counts one attempt in fixed windows kept in Postgres, so every instance shares them.
 * Throws 429 with Retry-After once either limit is passed.
 */
export async function countCardAttempt(
  db: Db,
  input: { customerId: string; ip: string; now: Date },
): Promise<void> {
  const checks = [
    { key: `card_add:customer:${input.customerId}`, ...CARD_ATTEMPT_LIMITS.perCustomer },
    { key: `card_add:ip:${input.ip}`, ...CARD_ATTEMPT_LIMITS.perIp },
  ];
  for (const check of checks) {
    const windowMs = check.windowSeconds * 1000;
    const start = new Date(Math.floor(input.now.getTime() / windowMs) * windowMs);
    const row = await db
      .insertInto('rate_limit_counters')
      .values({
        key: check.key,
        window_start: start,
        count: 1,
        expires_at: new Date(start.getTime() + windowMs),
      })
      .onConflict((oc) =>
        oc
          .columns(['key', 'window_start'])
          .doUpdateSet({ count: sql`rate_limit_counters.count + 1` }),
      )
      .returning('count')
      .executeTakeFirstOrThrow();
    if (row.count > check.max) {
      const retryAfter = Math.max(
        1,
        Math.ceil((start.getTime() + windowMs - input.now.getTime()) / 1000),
      );
      throw new ApiError('rate_limited', 'too many card attempts; try again later', undefined, {
        'Retry-After': String(retryAfter),
      });
    }
  }
}
