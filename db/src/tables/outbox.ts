import type { Generated } from 'kysely';
import type { CreatedAt, GeneratedId, Json, NullableTimestamp } from './common.js';

/** Mail and webhooks leave through here, drained by a worker with retries. */
export interface OutboxTable {
  id: GeneratedId;
  account_id: string;
  kind: 'email' | 'webhook';
  payload: Json<Record<string, unknown>>;
  status: Generated<'pending' | 'sent' | 'dead'>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  locked_until: NullableTimestamp;
  last_error: string | null;
  created_at: CreatedAt;
  sent_at: NullableTimestamp;
}

/** Mail "sent" by the dev transport, shown on the dev-only mailbox page. */
export interface DevMailsTable {
  id: GeneratedId;
  account_id: string;
  to_email: string;
  cc: string[];
  bcc: string[];
  from_email: string;
  from_name: string;
  subject: string;
  html: string;
  created_at: CreatedAt;
}
