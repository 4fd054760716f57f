import type { Address } from '@portico/shared';
import type { Generated } from 'kysely';
import type {
  CreatedAt,
  GeneratedId,
  NullableJson,
  NullableTimestamp,
  UpdatedAt,
} from './common.js';

export interface SubscriptionsTable {
  id: GeneratedId;
  account_id: string;
  customer_id: string;
  campaign_id: string | null;
  product_name: string;
  amount: number;
  currency: string;
  interval: 'day' | 'week' | 'month' | 'year';
  interval_count: Generated<number>;
  status: 'active' | 'suspended' | 'cancelled';
  next_renewal_at: NullableTimestamp;
  ship_to: NullableJson<Address>;
  card_id: string | null;
  /** The portal's reason id, or the shopper's own words where the portal lists none. */
  cancel_reason: string | null;
  cancel_reason_label: string | null;
  cancel_comment: string | null;
  cancelled_at: NullableTimestamp;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
