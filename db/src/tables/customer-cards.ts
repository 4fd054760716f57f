import type { Generated } from 'kysely';
import type { CreatedAt, GeneratedId, NullableTimestamp } from './common.js';

/** A vaulted card: the gateway's token and display facts. Never a card number or CVC. */
export interface CustomerCardsTable {
  id: GeneratedId;
  account_id: string;
  customer_id: string;
  gateway: string;
  gateway_token: string;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  fingerprint: string;
  is_default: Generated<boolean>;
  created_at: CreatedAt;
  removed_at: NullableTimestamp;
}
