import type {
  CancelCommentMode,
  CancelReason,
  Locale,
  Permission,
  PortalEmailSettings,
} from '@portico/shared';
import type { Generated } from 'kysely';
import type { CreatedAt, DefaultedJson, GeneratedId, Json, UpdatedAt } from './common.js';

/** A customer portal: every field of CreateCustomerPortal plus embedding origins. */
export interface PortalsTable {
  id: GeneratedId;
  account_id: string;
  name: string;
  display_name: string | null;
  description: string | null;
  footer_html: string | null;
  tracking_domain_id: string;
  smtp_profile_id: string;
  recaptcha_site_key: string;
  recaptcha_secret_key: string;
  confirmation_email: Json<PortalEmailSettings>;
  password_reset_email: Json<PortalEmailSettings>;
  campaign_ids: string[];
  shop_ids: string[];
  permissions: Permission[];
  create_non_existing_customer: boolean;
  non_existing_customer_campaign_id: string | null;
  allowed_origins: string[];
  locale: Locale;
  enabled: boolean;
  cancel_reasons: DefaultedJson<CancelReason[]>;
  cancel_comment: Generated<CancelCommentMode>;
  cancel_save_offer: Generated<boolean>;
  /** Bumped by triggers on every change to the portal or its tracking domain (cache check). */
  config_version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
