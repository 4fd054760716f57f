import type { CreatedAt, GeneratedId } from './common.js';

export interface CustomerNotesTable {
  id: GeneratedId;
  account_id: string;
  customer_id: string;
  portal_id: string | null;
  source: 'admin' | 'portal' | 'system';
  body: string;
  created_at: CreatedAt;
}
