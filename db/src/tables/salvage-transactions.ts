import type { CreatedAt, GeneratedId, NullableTimestamp, UpdatedAt } from './common.js';

/** A failed renewal or failed trial expiration that the shopper may pay later. */
export interface SalvageTransactionsTable {
  id: GeneratedId;
  account_id: string;
  customer_id: string;
  source: 'renewal' | 'trial_expiration';
  subscription_id: string | null;
  trial_id: string | null;
  product_name: string;
  amount: number;
  currency: string;
  status: 'pending' | 'processing' | 'paid' | 'voided';
  paid_at: NullableTimestamp;
  paid_transaction_id: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
