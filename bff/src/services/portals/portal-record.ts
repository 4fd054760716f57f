import type { Db } from '@portico/db';
import type {
  CancelCommentMode,
  CancelReason,
  Locale,
  Permission,
  PortalEmailSettings,
} from '@portico/shared';
import type { PortalFilters } from '../customers/eligibility.js';

/** Everything the shopper side needs about one portal, read fresh per request (no cache). */
export interface PortalRecord extends PortalFilters {
  id: string;
  name: string;
  displayName: string;
  description: string | null;
  footerHtml: string | null;
  trackingDomain: string;
  smtpProfileId: string;
  recaptchaSiteKey: string;
  recaptchaSecretKey: string;
  confirmationEmail: PortalEmailSettings;
  passwordResetEmail: PortalEmailSettings;
  permissions: Permission[];
  createNonExistingCustomer: boolean;
  nonExistingCustomerCampaignId: string | null;
  allowedOrigins: string[];
  locale: Locale;
  enabled: boolean;
  cancelReasons: CancelReason[];
  cancelComment: CancelCommentMode;
  cancelSaveOffer: boolean;
}

export async function loadPortalRecord(
  db: Db,
  portalId: string,
): Promise<PortalRecord | undefined> {
  const row = await db
    .selectFrom('portals')
    .innerJoin('tracking_domains', 'tracking_domains.id', 'portals.tracking_domain_id')
    .selectAll('portals')
    .select('tracking_domains.hostname as tracking_hostname')
    .where('portals.id', '=', portalId)
    // Served only on a ready tracking domain of the same account (as the portal page).
    .where('tracking_domains.dns_ready', '=', true)
    .where('tracking_domains.ssl_active', '=', true)
    .whereRef('tracking_domains.account_id', '=', 'portals.account_id')
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    displayName: row.display_name?.trim() ? row.display_name : row.name,
    description: row.description,
    footerHtml: row.footer_html,
    trackingDomain: row.tracking_hostname.toLowerCase(),
    smtpProfileId: row.smtp_profile_id,
    recaptchaSiteKey: row.recaptcha_site_key,
    recaptchaSecretKey: row.recaptcha_secret_key,
    confirmationEmail: row.confirmation_email,
    passwordResetEmail: row.password_reset_email,
    campaignIds: row.campaign_ids,
    shopIds: row.shop_ids,
    permissions: row.permissions,
    createNonExistingCustomer: row.create_non_existing_customer,
    nonExistingCustomerCampaignId: row.non_existing_customer_campaign_id,
    allowedOrigins: row.allowed_origins,
    locale: row.locale,
    enabled: row.enabled,
    cancelReasons: row.cancel_reasons,
    cancelComment: row.cancel_comment,
    cancelSaveOffer: row.cancel_save_offer,
  };
}

const perRequest = new WeakMap<Request, Map<string, Promise<PortalRecord | undefined>>>();

/**
 * `loadPortalRecord` at most once per request and portal: CORS and the portal resolution
 * both need the record for the same request, and it must not cost two queries.
 */
export function requestPortalRecord(
  req: Request,
  db: Db,
  portalId: string,
): Promise<PortalRecord | undefined> {
  let byId = perRequest.get(req);
  if (!byId) {
    byId = new Map();
    perRequest.set(req, byId);
  }
  let record = byId.get(portalId);
  if (!record) {
    record = loadPortalRecord(db, portalId);
    byId.set(portalId, record);
  }
  return record;
}
