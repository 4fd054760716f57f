import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, GeneratedId, NullableTimestamp, Timestamp } from './common.js';

/** One-time email codes, kept only as an HMAC, bound to purpose, portal and customer. */
export interface EmailCodesTable {
  id: GeneratedId;
  account_id: string;
  portal_id: string;
  customer_id: string;
  purpose: 'confirm' | 'reset';
  code_hmac: string;
  /** Confirmation codes: the argon2 hash of the password the registration chose. */
  password_hash: ColumnType<string | null, string | null | undefined, string | null>;
  attempts: Generated<number>;
  expires_at: Timestamp;
  consumed_at: NullableTimestamp;
  voided_at: NullableTimestamp;
  created_at: CreatedAt;
}
