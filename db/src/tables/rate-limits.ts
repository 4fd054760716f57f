import type { Generated } from 'kysely';
import type { Timestamp } from './common.js';

/** Fixed-window counters shared by every BFF instance. */
export interface RateLimitCountersTable {
  key: string;
  window_start: Timestamp;
  count: Generated<number>;
  expires_at: Timestamp;
}
