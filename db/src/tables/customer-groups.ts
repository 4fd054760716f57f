import type { CreatedAt, GeneratedId } from './common.js';

export interface CustomerGroupsTable {
  id: GeneratedId;
  account_id: string;
  name: string;
  created_at: CreatedAt;
}

export interface CustomerGroupMembersTable {
  group_id: string;
  customer_id: string;
  account_id: string;
  created_at: CreatedAt;
}
