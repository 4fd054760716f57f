import type { DeepLink } from '@portico/shared';
import type {
  CreatedAt,
  GeneratedId,
  NullableJson,
  NullableTimestamp,
  Timestamp,
} from './common.js';

/** A single-use portal login link; the token itself is never stored. */
export interface LoginLinksTable {
  id: GeneratedId;
  account_id: string;
  portal_id: string;
  customer_id: string;
  /** HMAC-SHA256 of the token (hex). */
  token_hash: string;
  /** The portal's tracking domain when minted; the link works only while it still is. */
  tracking_domain: string;
  deep_link: NullableJson<DeepLink>;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  session_id: string | null;
  created_by_api_key_id: string | null;
  created_at: CreatedAt;
}
