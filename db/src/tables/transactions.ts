import type { CreatedAt, GeneratedId, NullableTimestamp, UpdatedAt } from './common.js';

/** Every charge attempt and its outcome. */
export interface TransactionsTable {
  id: GeneratedId;
  account_id: string;
  customer_id: string;
  card_id: string | null;
  kind: 'renewal' | 'trial_expiration' | 'salvage' | 'refund';
  subscription_id: string | null;
  trial_id: string | null;
  salvage_transaction_id: string | null;
  portal_id: string | null;
  amount: number;
  currency: string;
  status: 'pending' | 'succeeded' | 'failed';
  gateway: string;
  gateway_idempotency_key: string;
  gateway_charge_id: string | null;
  decline_code: string | null;
  decline_message: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  /** While set and in the future, one request is calling the gateway for this attempt. */
  locked_until: NullableTimestamp;
}
