import type { Address } from '@portico/shared';
import type { Generated } from 'kysely';
import type { CreatedAt, GeneratedId, NullableJson, Timestamp, UpdatedAt } from './common.js';

export interface TrialsTable {
  id: GeneratedId;
  account_id: string;
  customer_id: string;
  product_name: string;
  expiration_amount: number;
  currency: string;
  interval: 'day' | 'week' | 'month' | 'year';
  interval_count: Generated<number>;
  status: 'active' | 'expired' | 'cancelled' | 'failed';
  expires_at: Timestamp;
  subscription_id: string | null;
  ship_to: NullableJson<Address>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
