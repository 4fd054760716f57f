import type { CreatedAt, GeneratedId } from './common.js';

/** Third-party shops (Shopify, WooCommerce, ...) that customers come from. */
export interface ShopsTable {
  id: GeneratedId;
  account_id: string;
  name: string;
  platform: string;
  url: string | null;
  created_at: CreatedAt;
}
