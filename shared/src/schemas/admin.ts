import { z } from 'zod';
import { PERMISSIONS } from '../permissions.js';
import {
  Address,
  CurrencyCode,
  Email,
  Hostname,
  HttpsOrigin,
  Id,
  Metadata,
  OptionalText,
  PageQuery,
  Text,
} from './common.js';

// ---- tracking domains -------------------------------------------------------
export const TrackingDomainCreate = z.strictObject({ hostname: Hostname });
export type TrackingDomainCreate = z.infer<typeof TrackingDomainCreate>;

export const TrackingDomain = z.object({
  id: Id,
  hostname: z.string(),
  dns_ready: z.boolean(),
  ssl_active: z.boolean(),
  verified_at: z.string().nullable(),
  last_check_error: z.string().nullable(),
  created_at: z.string(),
});
export type TrackingDomain = z.infer<typeof TrackingDomain>;

// ---- SMTP profiles ----------------------------------------------------------
export const SMTP_TRANSPORTS = ['postmark', 'dev_outbox'] as const;
export type SmtpTransport = (typeof SMTP_TRANSPORTS)[number];

export const SmtpProfileCreate = z.discriminatedUnion('transport', [
  z.strictObject({
    name: Text(100),
    from_email: Email,
    from_name: Text(100),
    transport: z.literal('postmark'),
    postmark_server_token: z.string().trim().min(8).max(200),
  }),
  z.strictObject({
    name: Text(100),
    from_email: Email,
    from_name: Text(100),
    transport: z.literal('dev_outbox'),
  }),
]);
export type SmtpProfileCreate = z.infer<typeof SmtpProfileCreate>;

export const SmtpProfile = z.object({
  id: Id,
  name: z.string(),
  from_email: z.string(),
  from_name: z.string(),
  transport: z.enum(SMTP_TRANSPORTS),
  has_server_token: z.boolean(),
  created_at: z.string(),
});
export type SmtpProfile = z.infer<typeof SmtpProfile>;

// ---- campaigns and third-party shops -----------------------------------------
export const CampaignCreate = z.strictObject({ name: Text(100), description: OptionalText(500) });
export type CampaignCreate = z.infer<typeof CampaignCreate>;
export const Campaign = z.object({
  id: Id,
  name: z.string(),
  description: z.string().nullable(),
  created_at: z.string(),
});
export type Campaign = z.infer<typeof Campaign>;

export const SHOP_PLATFORMS = [
  'shopify',
  'woocommerce',
  'bigcommerce',
  'magento',
  'other',
] as const;
export const ShopCreate = z.strictObject({
  name: Text(100),
  platform: z.enum(SHOP_PLATFORMS).default('other'),
  url: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .nullish(),
});
export type ShopCreate = z.infer<typeof ShopCreate>;
export const Shop = z.object({
  id: Id,
  name: z.string(),
  platform: z.enum(SHOP_PLATFORMS),
  url: z.string().nullable(),
  created_at: z.string(),
});
export type Shop = z.infer<typeof Shop>;

// ---- portals -----------------------------------------------------------------
export const EMAIL_CODE_PLACEHOLDER = '{{email_code}}';

export const PortalEmailSettings = z.strictObject({
  from: Email,
  from_name: Text(100),
  subject: Text(200),
  html: z.string().min(1).max(100_000),
  cc: z.array(Email).max(10).default([]),
  bcc: z.array(Email).max(10).default([]),
});
export type PortalEmailSettings = z.infer<typeof PortalEmailSettings>;

export const LOCALES = ['en', 'es'] as const;
export type Locale = (typeof LOCALES)[number];

// The merchant's own cancel flow: its reasons (localized), whether a comment is asked, and
// a save step offering to suspend instead (shown only when subscription_suspend is on).
export const CANCEL_COMMENT_MODES = ['off', 'optional', 'required'] as const;
export type CancelCommentMode = (typeof CANCEL_COMMENT_MODES)[number];

export const CancelReason = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'lower-case letters, digits, _ and -, at most 40'),
  label: z.strictObject({ en: Text(100), es: Text(100).optional() }),
});
export type CancelReason = z.infer<typeof CancelReason>;

export const CancelReasons = z
  .array(CancelReason)
  .max(20)
  .refine(
    (list) => new Set(list.map((r) => r.id)).size === list.length,
    'reason ids must be unique',
  );

const portalFields = {
  name: Text(100),
  display_name: OptionalText(100),
  description: OptionalText(1000),
  footer_html: z.string().max(20_000).nullish(),
  tracking_domain_id: Id,
  smtp_profile_id: Id,
  recaptcha_site_key: Text(200),
  recaptcha_secret_key: Text(200),
  confirmation_email: PortalEmailSettings,
  password_reset_email: PortalEmailSettings,
  campaign_ids: z.array(Id).max(100),
  shop_ids: z.array(Id).max(100),
  permissions: z.array(z.enum(PERMISSIONS)).max(PERMISSIONS.length),
  create_non_existing_customer: z.boolean(),
  non_existing_customer_campaign_id: Id.nullish(),
  allowed_origins: z.array(HttpsOrigin).max(20),
  locale: z.enum(LOCALES),
  enabled: z.boolean(),
  cancel_reasons: CancelReasons,
  cancel_comment: z.enum(CANCEL_COMMENT_MODES),
  cancel_save_offer: z.boolean(),
};

export const PortalCreate = z.strictObject({
  ...portalFields,
  campaign_ids: portalFields.campaign_ids.default([]),
  shop_ids: portalFields.shop_ids.default([]),
  permissions: portalFields.permissions.default([]),
  create_non_existing_customer: portalFields.create_non_existing_customer.default(false),
  allowed_origins: portalFields.allowed_origins.default([]),
  locale: portalFields.locale.default('en'),
  enabled: portalFields.enabled.default(true),
  cancel_reasons: portalFields.cancel_reasons.default([]),
  cancel_comment: portalFields.cancel_comment.default('optional'),
  cancel_save_offer: portalFields.cancel_save_offer.default(false),
});
export type PortalCreate = z.infer<typeof PortalCreate>;

export const PortalEdit = z.strictObject(portalFields).partial();
export type PortalEdit = z.infer<typeof PortalEdit>;

export const Portal = z.object({
  id: Id,
  name: z.string(),
  display_name: z.string().nullable(),
  description: z.string().nullable(),
  footer_html: z.string().nullable(),
  tracking_domain_id: Id,
  tracking_domain: z.string(),
  smtp_profile_id: Id,
  recaptcha_site_key: z.string(),
  confirmation_email: PortalEmailSettings,
  password_reset_email: PortalEmailSettings,
  campaign_ids: z.array(Id),
  shop_ids: z.array(Id),
  permissions: z.array(z.enum(PERMISSIONS)),
  create_non_existing_customer: z.boolean(),
  non_existing_customer_campaign_id: Id.nullable(),
  allowed_origins: z.array(z.string()),
  locale: z.enum(LOCALES),
  enabled: z.boolean(),
  cancel_reasons: z.array(CancelReason),
  cancel_comment: z.enum(CANCEL_COMMENT_MODES),
  cancel_save_offer: z.boolean(),
  url: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Portal = z.infer<typeof Portal>;

export const EmbedSnippet = z.object({
  iframe: z.string(),
  script_tag: z.string(),
  script_tag_inline: z.string(),
});
export type EmbedSnippet = z.infer<typeof EmbedSnippet>;

// ---- customers ---------------------------------------------------------------
export const CUSTOMER_STATUSES = ['enabled', 'disabled'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

const customerFields = {
  first_name: OptionalText(100),
  last_name: OptionalText(100),
  company: OptionalText(200),
  email: Email,
  phone: OptionalText(40),
  bill_to: Address.nullish(),
  ship_to: Address.nullish(),
  internal_id: OptionalText(100),
  external_id: OptionalText(100),
  campaign_ids: z.array(Id).max(100),
  shop_ids: z.array(Id).max(100),
  metadata: Metadata,
};

export const CustomerCreate = z.strictObject({
  ...customerFields,
  campaign_ids: customerFields.campaign_ids.default([]),
  shop_ids: customerFields.shop_ids.default([]),
  metadata: customerFields.metadata.default({}),
});
export type CustomerCreate = z.infer<typeof CustomerCreate>;

/**
 * EditCustomer: only the fields given change. `campaign_ids` / `shop_ids`, when given,
 * replace the customer's links. `metadata` merges into the stored object key by key; a
 * key set to `null` is deleted (at most 50 keys after the merge).
 */
export const CustomerEdit = z.strictObject(customerFields).partial();
export type CustomerEdit = z.infer<typeof CustomerEdit>;

export const Customer = z.object({
  id: Id,
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  company: z.string().nullable(),
  email: z.string(),
  phone: z.string().nullable(),
  bill_to: Address.nullable(),
  ship_to: Address.nullable(),
  internal_id: z.string().nullable(),
  external_id: z.string().nullable(),
  status: z.enum(CUSTOMER_STATUSES),
  campaign_ids: z.array(Id),
  shop_ids: z.array(Id),
  group_ids: z.array(Id),
  metadata: z.record(z.string(), z.unknown()),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Customer = z.infer<typeof Customer>;

/** GetCustomers: a page in (created_at, id) order, optionally filtered. */
export const CustomerListQuery = PageQuery.extend({
  status: z.enum(CUSTOMER_STATUSES).optional(),
  campaign_id: Id.optional(),
  shop_id: Id.optional(),
});
export type CustomerListQuery = z.infer<typeof CustomerListQuery>;

/** SearchCustomers' default and largest page (the search's SQL is shaped by them). */
export const SEARCH_LIMIT_DEFAULT = 25;
export const SEARCH_LIMIT_MAX = 100;

export const CustomerSearchQuery = z.strictObject({
  q: z.string().trim().min(2).max(200),
  limit: z.coerce.number().int().min(1).max(SEARCH_LIMIT_MAX).default(SEARCH_LIMIT_DEFAULT),
});
export type CustomerSearchQuery = z.infer<typeof CustomerSearchQuery>;

export const GroupCreate = z.strictObject({ name: Text(100) });
export type GroupCreate = z.infer<typeof GroupCreate>;
export const Group = z.object({ id: Id, name: z.string(), created_at: z.string() });
export type Group = z.infer<typeof Group>;

/** AddCustomerToGroup: idempotent; the group must belong to the same account. */
export const GroupMemberAdd = z.strictObject({ group_id: Id });
export type GroupMemberAdd = z.infer<typeof GroupMemberAdd>;

export const NoteCreate = z.strictObject({ body: Text(5000) });
export type NoteCreate = z.infer<typeof NoteCreate>;
export const Note = z.object({
  id: Id,
  body: z.string(),
  source: z.string(),
  created_at: z.string(),
});
export type Note = z.infer<typeof Note>;

/** AddCardToCustomer takes a gateway token only, never a card number. */
export const CardAttach = z.strictObject({
  gateway_token: z.string().trim().min(4).max(200),
  make_default: z.boolean().default(false),
});
export type CardAttach = z.infer<typeof CardAttach>;

export const Card = z.object({
  id: Id,
  brand: z.string(),
  last4: z.string(),
  exp_month: z.number().int(),
  exp_year: z.number().int(),
  is_default: z.boolean(),
  created_at: z.string(),
});
export type Card = z.infer<typeof Card>;

// ---- subscriptions, trials, salvage transactions ------------------------------
export const INTERVALS = ['day', 'week', 'month', 'year'] as const;
export const SUBSCRIPTION_STATUSES = ['active', 'suspended', 'cancelled'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export const SubscriptionCreate = z.strictObject({
  product_name: Text(200),
  amount: z.number().int().positive().max(100_000_000),
  currency: CurrencyCode,
  interval: z.enum(INTERVALS),
  interval_count: z.number().int().min(1).max(365).default(1),
  status: z.enum(SUBSCRIPTION_STATUSES).default('active'),
  next_renewal_at: z.iso.datetime({ offset: true }),
  ship_to: Address.nullish(),
  card_id: Id.nullish(),
  campaign_id: Id.nullish(),
});
export type SubscriptionCreate = z.infer<typeof SubscriptionCreate>;

export const Subscription = z.object({
  id: Id,
  customer_id: Id,
  product_name: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  interval: z.enum(INTERVALS),
  interval_count: z.number().int(),
  status: z.enum(SUBSCRIPTION_STATUSES),
  next_renewal_at: z.string().nullable(),
  ship_to: Address.nullable(),
  card_id: Id.nullable(),
  campaign_id: Id.nullable(),
  /** The portal's reason id (or the shopper's words where the portal lists no reasons). */
  cancel_reason: z.string().nullable(),
  cancel_reason_label: z.string().nullable(),
  cancel_comment: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Subscription = z.infer<typeof Subscription>;

export const TRIAL_STATUSES = ['active', 'expired', 'cancelled', 'failed'] as const;
export type TrialStatus = (typeof TRIAL_STATUSES)[number];

export const TrialCreate = z.strictObject({
  product_name: Text(200),
  expiration_amount: z.number().int().positive().max(100_000_000),
  currency: CurrencyCode,
  expires_at: z.iso.datetime({ offset: true }),
  interval: z.enum(INTERVALS).default('month'),
  interval_count: z.number().int().min(1).max(365).default(1),
  ship_to: Address.nullish(),
});
export type TrialCreate = z.infer<typeof TrialCreate>;

export const Trial = z.object({
  id: Id,
  customer_id: Id,
  product_name: z.string(),
  expiration_amount: z.number().int(),
  currency: z.string(),
  status: z.enum(TRIAL_STATUSES),
  expires_at: z.string(),
  subscription_id: Id.nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Trial = z.infer<typeof Trial>;

export const SALVAGE_SOURCES = ['renewal', 'trial_expiration'] as const;
export const SALVAGE_STATUSES = ['pending', 'processing', 'paid', 'voided'] as const;
export type SalvageStatus = (typeof SALVAGE_STATUSES)[number];

export const SalvageCreate = z.union([
  z.strictObject({ source: z.literal('renewal'), subscription_id: Id }),
  z.strictObject({ source: z.literal('trial_expiration'), trial_id: Id }),
]);
export type SalvageCreate = z.infer<typeof SalvageCreate>;

export const SalvageTransaction = z.object({
  id: Id,
  customer_id: Id,
  source: z.enum(SALVAGE_SOURCES),
  subscription_id: Id.nullable(),
  trial_id: Id.nullable(),
  product_name: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  status: z.enum(SALVAGE_STATUSES),
  paid_at: z.string().nullable(),
  created_at: z.string(),
});
export type SalvageTransaction = z.infer<typeof SalvageTransaction>;

export const TRANSACTION_KINDS = ['renewal', 'trial_expiration', 'salvage', 'refund'] as const;
export const TRANSACTION_STATUSES = ['pending', 'succeeded', 'failed'] as const;

/** One charge attempt and its outcome, as the merchant sees it (no gateway secrets). */
export const CustomerTransaction = z.object({
  id: Id,
  customer_id: Id,
  kind: z.enum(TRANSACTION_KINDS),
  status: z.enum(TRANSACTION_STATUSES),
  amount: z.number().int(),
  currency: z.string(),
  card_id: Id.nullable(),
  subscription_id: Id.nullable(),
  trial_id: Id.nullable(),
  salvage_transaction_id: Id.nullable(),
  portal_id: Id.nullable(),
  decline_code: z.string().nullable(),
  decline_message: z.string().nullable(),
  created_at: z.string(),
});
export type CustomerTransaction = z.infer<typeof CustomerTransaction>;

// ---- admin API keys ----------------------------------------------------------
export const ApiKeyCreate = z.strictObject({ name: Text(100) });
export type ApiKeyCreate = z.infer<typeof ApiKeyCreate>;

/** A key as listed: never the secret, never its hash. */
export const ApiKey = z.object({
  id: Id,
  name: z.string(),
  prefix: z.string(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});
export type ApiKey = z.infer<typeof ApiKey>;

/** The answer to a create: the only time the key itself is shown. */
export const ApiKeyCreated = ApiKey.extend({ key: z.string() });
export type ApiKeyCreated = z.infer<typeof ApiKeyCreated>;

// ---- login links ---------------------------------------------------------------
/** At most 15 minutes; shorter if the merchant asks. */
export const LOGIN_LINK_MAX_TTL_SECONDS = 900;

export const DeepLink = z.discriminatedUnion('flow', [
  z.strictObject({ flow: z.literal('update_payment_method') }),
  z.strictObject({ flow: z.literal('pay_salvage'), salvage_transaction_id: Id }),
  z.strictObject({ flow: z.literal('manage_subscription'), subscription_id: Id }),
  z.strictObject({ flow: z.literal('cancel_subscription'), subscription_id: Id }),
  z.strictObject({ flow: z.literal('update_ship_to'), subscription_id: Id.optional() }),
]);
export type DeepLink = z.infer<typeof DeepLink>;

export const LoginLinkCreate = z.strictObject({
  customer_id: Id,
  ttl_seconds: z
    .number()
    .int()
    .min(30)
    .max(LOGIN_LINK_MAX_TTL_SECONDS)
    .default(LOGIN_LINK_MAX_TTL_SECONDS),
  deep_link: DeepLink.optional(),
});
export type LoginLinkCreate = z.infer<typeof LoginLinkCreate>;

/** The link is shown once; only a hash of its token is kept. */
export const LoginLinkCreated = z.object({
  id: Id,
  url: z.string(),
  expires_at: z.string(),
});
export type LoginLinkCreated = z.infer<typeof LoginLinkCreated>;
