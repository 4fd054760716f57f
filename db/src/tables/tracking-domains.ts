import type { Generated } from 'kysely';
import type { CreatedAt, GeneratedId, NullableTimestamp } from './common.js';

export interface TrackingDomainsTable {
  id: GeneratedId;
  account_id: string;
  hostname: string;
  dns_ready: Generated<boolean>;
  ssl_active: Generated<boolean>;
  verified_at: NullableTimestamp;
  last_check_error: string | null;
  created_at: CreatedAt;
}
