import type { CreatedAt, GeneratedId, NullableTimestamp, Timestamp } from './common.js';

/** Server-side shopper sessions named by the signed cookie token; revocable. */
export interface SessionsTable {
  id: GeneratedId;
  account_id: string;
  portal_id: string;
  customer_id: string;
  created_at: CreatedAt;
  last_seen_at: Timestamp;
  idle_expires_at: Timestamp;
  absolute_expires_at: Timestamp;
  revoked_at: NullableTimestamp;
  revoked_reason: string | null;
  ip: string | null;
  user_agent: string | null;
}
