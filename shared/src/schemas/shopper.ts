import { z } from 'zod';
import { CAPTCHA_MODES, PASSWORD_MAX, PASSWORD_MIN } from '../constants.js';
import { PERMISSIONS } from '../permissions.js';
import {
  CANCEL_COMMENT_MODES,
  CancelReason,
  Card,
  CustomerTransaction,
  DeepLink,
  LOCALES,
  SalvageTransaction,
  Subscription,
  Trial,
} from './admin.js';
import { Address, Email, Id, OptionalText } from './common.js';

export {
  CAPTCHA_MODES,
  CSRF_HEADER,
  IDEMPOTENCY_HEADER,
  PASSWORD_MAX,
  PASSWORD_MIN,
  PASSWORD_RECOMMENDED,
  SHOPPER_API_PREFIX,
} from '../constants.js';
/** Not trimmed and no composition rules (ASVS); length only, plus a common-password check server-side. */
export const Password = z.string().min(PASSWORD_MIN).max(PASSWORD_MAX);
export const EmailCode = z.string().regex(/^\d{6}$/, 'six digits');
export const CaptchaToken = z.string().min(1).max(4000);
export const IdempotencyKey = z
  .string()
  .min(8)
  .max(255)
  .regex(/^[\x21-\x7e]+$/);

export const PortalConfig = z.object({
  id: Id,
  display_name: z.string(),
  description: z.string().nullable(),
  footer_html: z.string().nullable(),
  permissions: z.array(z.enum(PERMISSIONS)),
  recaptcha_site_key: z.string(),
  captcha_mode: z.enum(CAPTCHA_MODES),
  locale: z.enum(LOCALES),
  create_non_existing_customer: z.boolean(),
  card_fields_url: z.string(),
  cancel_reasons: z.array(CancelReason),
  cancel_comment: z.enum(CANCEL_COMMENT_MODES),
  /** Offer suspending instead of cancelling (already false when subscription_suspend is off). */
  cancel_save_offer: z.boolean(),
});
export type PortalConfig = z.infer<typeof PortalConfig>;

/**
 * What the portal page (iframe mode) carries inline so the widget paints its first screen
 * without a round trip: the same config `GET …/config` answers, and whether the page request
 * came without a session cookie (then the session probe could only say 401).
 */
export const PortalBoot = z.object({
  config: PortalConfig,
  signed_out: z.boolean(),
});
export type PortalBoot = z.infer<typeof PortalBoot>;

/**
 * The portal page's prerendered login screen (decision 0012): the widget build renders
 * `<portico-portal>` signed out on its login screen, per locale, as declarative shadow DOM,
 * and the BFF fills the holes (`%%PORTICO:<slot>%%`) and inlines it when the boot data says
 * signed out. One template per combination of the portal's optional header and footer parts.
 */
export const PRERENDER_SLOTS = ['display_name', 'description', 'footer_html'] as const;
export type PrerenderSlot = (typeof PRERENDER_SLOTS)[number];
const hole = (name: string) => `%%PORTICO:${name}%%`;
/** The hole a slot leaves in a template: text Lit SSR writes unescaped, and no merchant text. */
export function prerenderHole(slot: PrerenderSlot): string {
  return hole(slot);
}
/** Every hole of a template (global: for `String.replace`), its slot as the first group. */
export const PRERENDER_HOLE = new RegExp(hole(`(${PRERENDER_SLOTS.join('|')})`), 'g');
export const PRERENDER_VARIANTS = ['plain', 'description', 'footer', 'description_footer'] as const;
export type PrerenderVariant = (typeof PRERENDER_VARIANTS)[number];
export const LoginPrerender = z.object({
  format: z.literal(1),
  widget_version: z.string(),
  locales: z.record(z.enum(LOCALES), z.record(z.enum(PRERENDER_VARIANTS), z.string().min(1))),
});
export type LoginPrerender = z.infer<typeof LoginPrerender>;
/** File name of the prerender in the widget's build output. */
export const LOGIN_PRERENDER_FILE = 'login-prerender.json';

export const RegisterRequest = z.strictObject({
  email: Email,
  password: Password,
  captcha_token: CaptchaToken,
  first_name: OptionalText(100),
  last_name: OptionalText(100),
});
export type RegisterRequest = z.infer<typeof RegisterRequest>;

export const ConfirmRequest = z.strictObject({ email: Email, code: EmailCode });
export type ConfirmRequest = z.infer<typeof ConfirmRequest>;

export const LoginRequest = z.strictObject({
  email: Email,
  password: z.string().min(1).max(PASSWORD_MAX),
  captcha_token: CaptchaToken.optional(),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const ResetRequest = z.strictObject({
  email: Email,
  captcha_token: CaptchaToken.optional(),
});
export type ResetRequest = z.infer<typeof ResetRequest>;

export const ResetConfirmRequest = z.strictObject({
  email: Email,
  code: EmailCode,
  password: Password,
});
export type ResetConfirmRequest = z.infer<typeof ResetConfirmRequest>;

/** The same body whatever happened, so it tells nobody whether the email exists. */
export const AcceptedResponse = z.object({ status: z.literal('accepted') });
export type AcceptedResponse = z.infer<typeof AcceptedResponse>;

export const SessionInfo = z.object({
  portal_id: Id,
  customer: z.object({ id: Id, email: z.string(), first_name: z.string().nullable() }),
  expires_at: z.string(),
  idle_expires_at: z.string(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

// ---- account overview --------------------------------------------------------
/** The overview shows a subset of what the merchant's API returns, from the same schemas. */
export const OverviewSubscription = Subscription.pick({
  id: true,
  product_name: true,
  amount: true,
  currency: true,
  interval: true,
  interval_count: true,
  status: true,
  next_renewal_at: true,
  ship_to: true,
  card_id: true,
});
export type OverviewSubscription = z.infer<typeof OverviewSubscription>;

export const OverviewTrial = Trial.pick({
  id: true,
  product_name: true,
  expiration_amount: true,
  currency: true,
  status: true,
  expires_at: true,
});
export type OverviewTrial = z.infer<typeof OverviewTrial>;

export const OverviewSalvage = SalvageTransaction.pick({
  id: true,
  source: true,
  product_name: true,
  amount: true,
  currency: true,
  status: true,
  created_at: true,
});
export type OverviewSalvage = z.infer<typeof OverviewSalvage>;

export const AccountOverview = z.object({
  contact: z.object({
    first_name: z.string().nullable(),
    last_name: z.string().nullable(),
    company: z.string().nullable(),
    email: z.string(),
    phone: z.string().nullable(),
    bill_to: Address.nullable(),
  }),
  ship_to: Address.nullable(),
  cards: z.array(Card),
  subscriptions: z.array(OverviewSubscription),
  trials: z.array(OverviewTrial),
  salvage_transactions: z.array(OverviewSalvage),
  permissions: z.array(z.enum(PERMISSIONS)),
});
export type AccountOverview = z.infer<typeof AccountOverview>;

// ---- actions -------------------------------------------------------------------
export const ContactUpdate = z
  .strictObject({
    first_name: OptionalText(100),
    last_name: OptionalText(100),
    company: OptionalText(200),
    phone: OptionalText(40),
    email: Email,
    bill_to: Address.nullable(),
    current_password: z.string().min(1).max(PASSWORD_MAX),
  })
  .partial();
export type ContactUpdate = z.infer<typeof ContactUpdate>;

export const ShipToUpdate = z.strictObject({ ship_to: Address });
export type ShipToUpdate = z.infer<typeof ShipToUpdate>;

/** Only a token from the gateway's own card fields; a card number or CVC is refused with 400. */
export const CardAdd = z.strictObject({
  gateway_token: z.string().trim().min(4).max(200),
  make_default: z.boolean().optional(),
});
export type CardAdd = z.infer<typeof CardAdd>;

/**
 * Where the portal lists reasons, `reason` must be one of their ids; otherwise free text.
 * `comment` follows the portal's cancel_comment (off: none, required: non-empty).
 */
export const CancelRequest = z.strictObject({
  reason: OptionalText(200),
  comment: OptionalText(2000),
});
export type CancelRequest = z.infer<typeof CancelRequest>;

/** Suspending from the cancel flow's save step says so, for the merchant's retention figures. */
export const SuspendRequest = z.strictObject({ save_offer: z.boolean().optional() });
export type SuspendRequest = z.infer<typeof SuspendRequest>;

export const PayRequest = z.strictObject({ card_id: Id.optional() });
export type PayRequest = z.infer<typeof PayRequest>;

export const ChargeResult = z.object({
  status: z.enum(['succeeded', 'failed']),
  transaction_id: Id,
  amount: z.number().int(),
  currency: z.string(),
  decline_code: z.string().nullable(),
  decline_message: z.string().nullable(),
});
export type ChargeResult = z.infer<typeof ChargeResult>;

// ---- payment history -------------------------------------------------------------
/** One charge as the shopper sees it: what it paid for and with which card; no gateway ids. */
export const ShopperTransaction = CustomerTransaction.pick({
  id: true,
  created_at: true,
  kind: true,
  status: true,
  amount: true,
  currency: true,
}).extend({
  product_name: z.string().nullable(),
  card: z.object({ brand: z.string(), last4: z.string() }).nullable(),
  /** A printable receipt exists for succeeded charges only. */
  receipt_available: z.boolean(),
});
export type ShopperTransaction = z.infer<typeof ShopperTransaction>;

export const TransactionListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: z.string().max(200).optional(),
});
export type TransactionListQuery = z.infer<typeof TransactionListQuery>;

export const TransactionPage = z.object({
  data: z.array(ShopperTransaction),
  next_cursor: z.string().nullable(),
});
export type TransactionPage = z.infer<typeof TransactionPage>;

// ---- login links -----------------------------------------------------------------
/** Any string: a malformed or altered token is a 401 `login_link_invalid`, never a 400. */
export const LoginLinkRedeem = z.strictObject({ token: z.string().min(1).max(200) });
export type LoginLinkRedeem = z.infer<typeof LoginLinkRedeem>;

/** A normal session, plus where the link should open (null: the overview). */
export const LoginLinkRedeemed = SessionInfo.extend({ deep_link: DeepLink.nullable() });
export type LoginLinkRedeemed = z.infer<typeof LoginLinkRedeemed>;
