import type { CreatedAt, GeneratedId } from './common.js';

export interface SmtpProfilesTable {
  id: GeneratedId;
  account_id: string;
  name: string;
  from_email: string;
  from_name: string;
  transport: 'postmark' | 'dev_outbox';
  postmark_server_token: string | null;
  created_at: CreatedAt;
}
