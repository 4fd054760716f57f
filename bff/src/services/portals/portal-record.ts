import type { Db } from '@portico/db';
import type {
  CancelCommentMode,
  CancelReason,
  Locale,
  Permission,
  PortalEmailSettings,
} from '@portico/shared';
import type { PortalFilters } from '../customers/eligibility.js';

/**
 * Everything the shopper side needs about one portal. `version` is the row's
 * `config_version`, which triggers bump on any change to the portal or its tracking domain.
 */
export interface PortalRecord extends PortalFilters {
  id: string;
  version: number;
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
    version: row.config_version,
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

/** Records kept per database handle (tests run many databases in one process). */
const caches = new WeakMap<Db, Map<string, PortalRecord>>();
/** Enough for every portal of a large install; the oldest entry goes first past it. */
export const PORTAL_CACHE_SIZE = 10_000;

function cacheOf(db: Db): Map<string, PortalRecord> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  return cache;
}

async function loadAndCache(db: Db, portalId: string): Promise<PortalRecord | undefined> {
  const record = await loadPortalRecord(db, portalId);
  const cache = cacheOf(db);
  cache.delete(portalId);
  if (record) {
    cache.set(portalId, record);
    if (cache.size > PORTAL_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  }
  return record;
}

interface Resolved {
  record: Promise<PortalRecord | undefined>;
  /** Came from the in-memory cache and nothing has compared its version yet. */
  unverified: boolean;
}

const perRequest = new WeakMap<Request, Map<string, Resolved>>();

function requestMemo(req: Request): Map<string, Resolved> {
  let byId = perRequest.get(req);
  if (!byId) {
    byId = new Map();
    perRequest.set(req, byId);
  }
  return byId;
}

/**
 * The portal's record at most once per request: CORS and the portal resolution both need it,
 * and it must not cost two queries. Read fresh from the database unless `cached` is set;
 * then an in-memory copy may answer, marked unverified until `verifyPortalVersion` (the
 * shopper session query compares versions in its own round trip) or a fresh reload. Only
 * routes whose every path runs that check may ask for `cached`.
 */
export function requestPortalRecord(
  req: Request,
  db: Db,
  portalId: string,
  opts: { cached?: boolean } = {},
): Promise<PortalRecord | undefined> {
  const byId = requestMemo(req);
  let resolved = byId.get(portalId);
  if (!resolved) {
    const hit = opts.cached ? cacheOf(db).get(portalId) : undefined;
    resolved = hit
      ? { record: Promise.resolve(hit), unverified: true }
      : { record: loadAndCache(db, portalId), unverified: false };
    byId.set(portalId, resolved);
  }
  return resolved.record;
}

/** Whether this request's record for the portal came from the cache, unchecked. */
export function isUnverifiedPortalRecord(req: Request, portalId: string): boolean {
  return perRequest.get(req)?.get(portalId)?.unverified ?? false;
}

/** The cached copy was current (its version matched the database's in this request). */
export function markPortalRecordVerified(req: Request, portalId: string): void {
  const resolved = perRequest.get(req)?.get(portalId);
  if (resolved) resolved.unverified = false;
}

/** Reads the portal afresh for this request (its cached copy was stale or unchecked). */
export function reloadPortalRecord(
  req: Request,
  db: Db,
  portalId: string,
): Promise<PortalRecord | undefined> {
  const record = loadAndCache(db, portalId);
  requestMemo(req).set(portalId, { record, unverified: false });
  return record;
}
