import type { CreatedAt, GeneratedId } from './common.js';

export interface AccountsTable {
  id: GeneratedId;
  name: string;
  created_at: CreatedAt;
}
