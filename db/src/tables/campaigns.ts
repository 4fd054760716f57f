import type { CreatedAt, GeneratedId } from './common.js';

export interface CampaignsTable {
  id: GeneratedId;
  account_id: string;
  name: string;
  description: string | null;
  created_at: CreatedAt;
}
