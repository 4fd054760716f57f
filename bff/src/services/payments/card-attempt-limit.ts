import type { Db } from '@portico/db';
import { ApiError } from '../../http/api-error.js';
import { hit, retryAfterSeconds } from '../rate-limits/rate-limits.js';

/** Card testing defence: attaching cards is limited per customer and per client IP. */
export const CARD_ATTEMPT_LIMITS = {
  perCustomer: { max: 10, windowSeconds: 3600 },
  perIp: { max: 30, windowSeconds: 3600 },
} as const;

/**
 * Counts one attempt in the shared Postgres windows, so every instance sees them.
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
    const window = { key: check.key, windowMs: check.windowSeconds * 1000 };
    if ((await hit(db, window, input.now)) > check.max) {
      throw new ApiError('rate_limited', 'too many card attempts; try again later', undefined, {
        'Retry-After': String(retryAfterSeconds(window, input.now)),
      });
    }
  }
}
