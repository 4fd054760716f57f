import type { Address } from '@portico/shared';
import type { ColumnType } from 'kysely';
import type {
  CreatedAt,
  GeneratedId,
  NullableJson,
  NullableTimestamp,
  UpdatedAt,
} from './common.js';

export interface CustomersTable {
  id: GeneratedId;
  account_id: string;
  first_name: string | null;
  last_name: string | null;
  company: string | null;
  email: string;
  phone: string | null;
  bill_to: NullableJson<Address>;
  ship_to: NullableJson<Address>;
  internal_id: string | null;
  external_id: string | null;
  status: ColumnType<
    'enabled' | 'disabled',
    'enabled' | 'disabled' | undefined,
    'enabled' | 'disabled'
  >;
  metadata: ColumnType<
    Record<string, unknown>,
    Record<string, unknown> | string | undefined,
    Record<string, unknown> | string
  >;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** A shopper's portal login for a customer: one per customer, shared by the account's portals. */
export interface CustomerLoginsTable {
  customer_id: string;
  account_id: string;
  password_hash: string;
  confirmed_at: NullableTimestamp;
  password_changed_at: UpdatedAt;
  created_at: CreatedAt;
}

export interface CustomerCampaignsTable {
  customer_id: string;
  campaign_id: string;
  account_id: string;
}

export interface CustomerShopsTable {
  customer_id: string;
  shop_id: string;
  account_id: string;
}
