import type { CreatedAt, NullableJson, Timestamp } from './common.js';

export interface IdempotencyKeysTable {
  customer_id: string;
  key: string;
  account_id: string;
  request_hash: string;
  status: 'in_flight' | 'done';
  response_status: number | null;
  response_body: NullableJson<unknown>;
  created_at: CreatedAt;
  expires_at: Timestamp;
}
