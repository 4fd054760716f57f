import type { CreatedAt, GeneratedId, NullableTimestamp } from './common.js';

/** Admin API keys: only a SHA-256 of the secret is kept; the key is shown once. */
export interface ApiKeysTable {
  id: GeneratedId;
  account_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  created_at: CreatedAt;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}
