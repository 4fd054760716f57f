import { createHash, randomBytes } from 'node:crypto';
import { type Algorithm, hash } from '@node-rs/argon2';
import type { PortalEmailSettings } from '@portico/shared';
import { type Db, type Tx, transaction } from '../transaction.js';
import {
  BRAND_A_PERMISSIONS,
  BRAND_B_PERMISSIONS,
  DEMO_ACCOUNT_NAME,
  DEMO_CUSTOMERS,
  DEMO_FROM_EMAIL,
  DEMO_HOSTS,
  DEMO_IDS,
  DEMO_PASSWORD,
  type DemoBrand,
  type DemoCard,
  type DemoCustomer,
} from './demo-data.js';

export interface SeedDemoOptions {
  /**
   * Issues the demo admin API key inside the seed's transaction and returns the key. The
   * key service lives in the BFF, which @portico/db must not import, so it is passed in.
   */
  issueApiKey?: (tx: Tx, accountId: string) => Promise<string>;
  now?: Date;
}

export interface SeedDemoResult {
  /** false when the demo account already existed: nothing was written. */
  created: boolean;
  accountId: string;
  /** Present only on the run that created the demo (keys are shown once). */
  apiKey?: string;
}

/** The same OWASP minimum the BFF uses for shopper passwords (argon2id, 19 MiB, t=2, p=1). */
const ARGON2_OPTIONS = {
  // Algorithm is a const enum; 2 is Argon2id.
  algorithm: 2 as Algorithm,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

const DAY_MS = 86_400_000;

/**
 * Seeds the demo merchant once. The account row (fixed id) is the guard: inserting it with
 * `on conflict do nothing` inside the transaction makes a second run, or a second instance
 * starting at the same moment, find it and write nothing.
 */
export async function seedDemo(db: Db, options: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const now = options.now ?? new Date();
  // Every start after the first ends here, before spending eight argon2 hashes; the guard
  // below still settles two instances starting at the same moment.
  if (await demoExists(db)) return { created: false, accountId: DEMO_IDS.account };
  // Hash outside the transaction: argon2 is deliberately slow and must not hold locks.
  const hashes = await Promise.all(DEMO_CUSTOMERS.map(() => hash(DEMO_PASSWORD, ARGON2_OPTIONS)));
  return transaction(db, async (tx) => {
    const inserted = await tx
      .insertInto('accounts')
      .values({ id: DEMO_IDS.account, name: DEMO_ACCOUNT_NAME })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return { created: false, accountId: DEMO_IDS.account };

    const brands = await insertBrands(tx, now);
    for (const [i, customer] of DEMO_CUSTOMERS.entries()) {
      await insertCustomer(tx, customer, brands, hashes[i] as string, now);
    }
    const apiKey = options.issueApiKey
      ? await options.issueApiKey(tx, DEMO_IDS.account)
      : undefined;
    return { created: true, accountId: DEMO_IDS.account, ...(apiKey ? { apiKey } : {}) };
  });
}

/** Whether the demo merchant exists (for the banner on later starts). */
export async function demoExists(db: Db): Promise<boolean> {
  const row = await db
    .selectFrom('accounts')
    .select('id')
    .where('id', '=', DEMO_IDS.account)
    .executeTakeFirst();
  return row !== undefined;
}

interface DemoBrands {
  campaignA: string;
  campaignB: string;
  shopB: string;
}

const account_id = DEMO_IDS.account;

async function insertBrands(tx: Tx, now: Date): Promise<DemoBrands> {
  const domainA = await insertReadyDomain(tx, DEMO_HOSTS.brandA, now);
  const domainB = await insertReadyDomain(tx, DEMO_HOSTS.brandB, now);
  const smtp = await tx
    .insertInto('smtp_profiles')
    .values({
      account_id,
      name: 'Demo outbox',
      from_email: DEMO_FROM_EMAIL,
      from_name: 'Demo Merchant Support',
      transport: 'dev_outbox',
      postmark_server_token: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const campaignA = await insertCampaign(
    tx,
    'Gold Box Club',
    'Brand A: a monthly box of curated treats',
  );
  const campaignB = await insertCampaign(
    tx,
    'Coffee Circle',
    'Brand B: fresh-roasted coffee on a schedule',
  );
  const shop = await tx
    .insertInto('shops')
    .values({
      account_id,
      name: 'Brand B Store',
      platform: 'shopify',
      url: 'https://brand-b-store.example',
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  await tx
    .insertInto('portals')
    .values({
      ...portalCommon(smtp.id, 'Gold Box Club'),
      id: DEMO_IDS.portalBrandA,
      name: 'Brand A',
      display_name: 'Gold Box Club',
      description: 'Manage your Gold Box Club membership, cards and deliveries.',
      tracking_domain_id: domainA,
      campaign_ids: [campaignA],
      shop_ids: [],
      permissions: [...BRAND_A_PERMISSIONS],
      // Brand A lets a new email register; it joins the Gold Box Club campaign.
      create_non_existing_customer: true,
      non_existing_customer_campaign_id: campaignA,
      // The production storefront; dev origins (http://localhost:PORT) are added at run time.
      allowed_origins: ['https://www.goldboxclub.example'],
      // Brand A runs its own cancel flow: its reasons, an optional comment, a save step.
      cancel_reasons: JSON.stringify(DEMO_CANCEL_REASONS),
      cancel_comment: 'optional',
      cancel_save_offer: true,
    })
    .execute();
  await tx
    .insertInto('portals')
    .values({
      ...portalCommon(smtp.id, 'Coffee Circle'),
      id: DEMO_IDS.portalBrandB,
      name: 'Brand B',
      display_name: 'Coffee Circle',
      description: 'Update your details, cards and shipping address for Coffee Circle.',
      tracking_domain_id: domainB,
      campaign_ids: [],
      shop_ids: [shop.id],
      permissions: [...BRAND_B_PERMISSIONS],
      create_non_existing_customer: false,
      non_existing_customer_campaign_id: null,
      allowed_origins: ['https://www.coffeecircle.example'],
    })
    .execute();
  return { campaignA, campaignB, shopB: shop.id };
}

async function insertReadyDomain(tx: Tx, hostname: string, now: Date): Promise<string> {
  const row = await tx
    .insertInto('tracking_domains')
    .values({ account_id, hostname, dns_ready: true, ssl_active: true, verified_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function insertCampaign(tx: Tx, name: string, description: string): Promise<string> {
  const row = await tx
    .insertInto('campaigns')
    .values({ account_id, name, description })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

function portalCommon(smtpProfileId: string, brandName: string) {
  const email = (subject: string, html: string): string =>
    JSON.stringify({
      from: DEMO_FROM_EMAIL,
      from_name: brandName,
      subject,
      html,
      cc: [],
      bcc: [],
    } satisfies PortalEmailSettings);
  return {
    account_id,
    footer_html: `<p>Questions about ${brandName}? Write to <a href="mailto:${DEMO_FROM_EMAIL}">${DEMO_FROM_EMAIL}</a>.</p>`,
    smtp_profile_id: smtpProfileId,
    // Dev captcha mode ignores these; a real deployment sets the portal's own keys.
    recaptcha_site_key: 'demo-recaptcha-site-key',
    recaptcha_secret_key: 'demo-recaptcha-secret-key',
    confirmation_email: email(
      `Your ${brandName} confirmation code`,
      '<p>Hi {{customer_first_name}},</p><p>Your confirmation code is <strong>{{email_code}}</strong>. It expires in 10 minutes.</p>',
    ),
    password_reset_email: email(
      `Reset your ${brandName} password`,
      '<p>Hi {{customer_first_name}},</p><p>Your password reset code is <strong>{{email_code}}</strong>. If you did not ask for it, ignore this email.</p>',
    ),
    locale: 'en' as const,
    enabled: true,
  };
}

/** Brand A's cancellation reasons, in the merchant's words. */
const DEMO_CANCEL_REASONS = [
  { id: 'too_expensive', label: { en: 'It costs too much', es: 'Cuesta demasiado' } },
  { id: 'too_much_stock', label: { en: 'I have more than I can use', es: 'Tengo de sobra' } },
  {
    id: 'quality',
    label: { en: 'Not happy with the products', es: 'No me convencen los productos' },
  },
  { id: 'other', label: { en: 'Something else', es: 'Otro motivo' } },
];

async function insertCustomer(
  tx: Tx,
  c: DemoCustomer,
  brands: DemoBrands,
  passwordHash: string,
  now: Date,
): Promise<void> {
  const address = { first_name: c.firstName, last_name: c.lastName, ...c.address };
  const customer = await tx
    .insertInto('customers')
    .values({
      account_id,
      first_name: c.firstName,
      last_name: c.lastName,
      company: c.company ?? null,
      email: c.email,
      phone: c.phone,
      bill_to: JSON.stringify(address),
      ship_to: JSON.stringify(address),
      internal_id: c.internalId,
      status: c.disabled ? 'disabled' : 'enabled',
      metadata: JSON.stringify({ source: 'demo-seed' }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const customer_id = customer.id;

  if (c.brands.includes('a')) {
    await tx
      .insertInto('customer_campaigns')
      .values({ customer_id, campaign_id: brands.campaignA, account_id })
      .execute();
  }
  if (c.brands.includes('b')) {
    await tx
      .insertInto('customer_campaigns')
      .values({ customer_id, campaign_id: brands.campaignB, account_id })
      .execute();
    await tx
      .insertInto('customer_shops')
      .values({ customer_id, shop_id: brands.shopB, account_id })
      .execute();
  }
  await tx
    .insertInto('customer_logins')
    .values({ customer_id, account_id, password_hash: passwordHash, confirmed_at: now })
    .execute();

  let defaultCardId: string | null = null;
  for (const card of c.cards) {
    const id = await insertCard(tx, customer_id, card, now);
    if (card.isDefault) defaultCardId = id;
  }

  const campaignOf = (b: DemoBrand) => (b === 'a' ? brands.campaignA : brands.campaignB);
  for (const s of c.subscriptions) {
    const sub = await tx
      .insertInto('subscriptions')
      .values({
        account_id,
        customer_id,
        campaign_id: campaignOf(s.brand),
        product_name: s.product,
        amount: s.amount,
        currency: 'USD',
        interval: s.interval,
        interval_count: s.intervalCount ?? 1,
        status: s.status,
        next_renewal_at: new Date(now.getTime() + s.renewsInDays * DAY_MS),
        ship_to: JSON.stringify(address),
        card_id: defaultCardId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (s.failedRenewal) {
      await insertPendingSalvage(tx, customer_id, { subscriptionId: sub.id }, s.product, s.amount);
    }
  }

  for (const t of c.trials) {
    const trial = await tx
      .insertInto('trials')
      .values({
        account_id,
        customer_id,
        product_name: t.product,
        expiration_amount: t.expirationAmount,
        currency: 'USD',
        interval: 'month',
        status: t.status,
        expires_at: new Date(now.getTime() + t.expiresInDays * DAY_MS),
        subscription_id: null,
        ship_to: JSON.stringify(address),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (t.status === 'failed') {
      await insertPendingSalvage(
        tx,
        customer_id,
        { trialId: trial.id },
        t.product,
        t.expirationAmount,
      );
    }
  }

  await tx
    .insertInto('customer_notes')
    .values({ account_id, customer_id, source: 'system', body: 'Created by the demo seed.' })
    .execute();
}

/** A failed renewal (of a subscription) or failed trial expiration, waiting to be paid. */
async function insertPendingSalvage(
  tx: Tx,
  customerId: string,
  from: { subscriptionId: string } | { trialId: string },
  product: string,
  amount: number,
): Promise<void> {
  const renewal = 'subscriptionId' in from;
  await tx
    .insertInto('salvage_transactions')
    .values({
      account_id,
      customer_id: customerId,
      source: renewal ? 'renewal' : 'trial_expiration',
      subscription_id: renewal ? from.subscriptionId : null,
      trial_id: renewal ? null : from.trialId,
      product_name: product,
      amount,
      currency: 'USD',
      status: 'pending',
    })
    .execute();
}

/**
 * A card as the sandbox gateway would have vaulted it: an opaque token and display facts.
 * The fingerprint is derived from brand and last4 only (there is no card number to hash).
 */
async function insertCard(tx: Tx, customerId: string, card: DemoCard, now: Date): Promise<string> {
  const token = `tok_${randomBytes(18).toString('base64url')}`;
  const facts = {
    brand: card.brand,
    last4: card.last4,
    exp_month: card.expMonth,
    exp_year: now.getUTCFullYear() + card.expYearsFromNow,
    fingerprint: `fp_${createHash('sha256').update(`demo:${card.brand}:${card.last4}`).digest('base64url').slice(0, 27)}`,
  };
  // The sandbox gateway's vault knows the token too, so the demo's cards can be charged
  // (an expired one declines as `expired_card`, as a processor would).
  await tx
    .insertInto('sandbox_gateway_tokens')
    .values({
      token,
      ...facts,
      behaviour: card.expYearsFromNow < 0 ? 'expired_card' : 'succeed',
      origin: null,
    })
    .execute();
  const row = await tx
    .insertInto('customer_cards')
    .values({
      account_id,
      customer_id: customerId,
      gateway: 'sandbox',
      gateway_token: token,
      ...facts,
      is_default: card.isDefault ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
