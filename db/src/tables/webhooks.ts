import type { Generated } from 'kysely';
import type { CreatedAt, GeneratedId, NullableTimestamp, UpdatedAt } from './common.js';

/** A merchant's webhook receiver: URL, event filter (empty = every event), signing secret. */
export interface WebhookEndpointsTable {
  id: GeneratedId;
  account_id: string;
  url: string;
  description: string | null;
  events: Generated<string[]>;
  enabled: Generated<boolean>;
  /** `whsec_<base64>`; shown once at creation and rotation, used to sign every delivery. */
  secret: string;
  /** The secret before the last rotation, still signed with until it expires. */
  previous_secret: string | null;
  previous_secret_expires_at: NullableTimestamp;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** One event for one endpoint, with its own retry state; body is what gets signed. */
export interface WebhookDeliveriesTable {
  id: GeneratedId;
  account_id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  body: string;
  status: Generated<'pending' | 'succeeded' | 'dead'>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  locked_until: NullableTimestamp;
  last_status_code: number | null;
  last_error: string | null;
  created_at: CreatedAt;
  delivered_at: NullableTimestamp;
}

/** The delivery log: one row per HTTP attempt. */
export interface WebhookDeliveryAttemptsTable {
  id: GeneratedId;
  account_id: string;
  endpoint_id: string;
  delivery_id: string;
  event_id: string;
  event_type: string;
  attempt: number;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  created_at: CreatedAt;
}
