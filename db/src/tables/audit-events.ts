import type { CreatedAt, DefaultedJson, GeneratedId } from './common.js';

export interface AuditEventsTable {
  id: GeneratedId;
  account_id: string;
  portal_id: string | null;
  customer_id: string | null;
  actor: 'admin' | 'shopper' | 'system';
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  data: DefaultedJson<Record<string, unknown>>;
  request_id: string | null;
  ip: string | null;
  created_at: CreatedAt;
}
