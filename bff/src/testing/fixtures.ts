import { randomBytes } from 'node:crypto';
import type { Db } from '@portico/db';
import { PERMISSIONS, type Permission, type PortalEmailSettings } from '@portico/shared';

/** Direct inserts for test setup; the admin API has its own tests for these paths. */

const uid = () => randomBytes(4).toString('hex');

export async function makeTrackingDomain(
  db: Db,
  accountId: string,
  opts: { hostname?: string; ready?: boolean } = {},
) {
  const ready = opts.ready ?? true;
  return db
    .insertInto('tracking_domains')
    .values({
      account_id: accountId,
      hostname: opts.hostname ?? `portal-${uid()}.example.com`,
      dns_ready: ready,
      ssl_active: ready,
      verified_at: ready ? new Date() : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function makeSmtpProfile(
  db: Db,
  accountId: string,
  opts: { fromEmail?: string; transport?: 'postmark' | 'dev_outbox'; token?: string } = {},
) {
  const transport = opts.transport ?? 'dev_outbox';
  return db
    .insertInto('smtp_profiles')
    .values({
      account_id: accountId,
      name: 'Mail',
      from_email: opts.fromEmail ?? 'support@brand.example',
      from_name: 'Brand Support',
      transport,
      postmark_server_token: transport === 'postmark' ? (opts.token ?? 'server-token-test') : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function makeCampaign(db: Db, accountId: string, name = `Campaign ${uid()}`) {
  return db
    .insertInto('campaigns')
    .values({ account_id: accountId, name })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function makeShop(db: Db, accountId: string, name = `Shop ${uid()}`) {
  return db
    .insertInto('shops')
    .values({ account_id: accountId, name, platform: 'shopify' })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function emailSettings(from: string, kind: 'confirm' | 'reset'): PortalEmailSettings {
  return {
    from,
    from_name: 'Brand Support',
    subject: kind === 'confirm' ? 'Your {{portal_display_name}} code' : 'Reset your password',
    html:
      kind === 'confirm'
        ? '<p>Hi {{customer_first_name}}, your code is {{email_code}}</p>'
        : '<p>Your reset code is {{email_code}}</p>',
    cc: [],
    bcc: [],
  };
}

export async function makePortal(
  db: Db,
  accountId: string,
  opts: {
    name?: string;
    permissions?: Permission[];
    campaignIds?: string[];
    shopIds?: string[];
    trackingDomainId?: string;
    hostname?: string;
    smtpProfileId?: string;
    enabled?: boolean;
    createNonExisting?: boolean;
    nonExistingCampaignId?: string | null;
    allowedOrigins?: string[];
    footerHtml?: string | null;
  } = {},
) {
  const domainId =
    opts.trackingDomainId ??
    (await makeTrackingDomain(db, accountId, opts.hostname ? { hostname: opts.hostname } : {})).id;
  const smtp = opts.smtpProfileId
    ? await db
        .selectFrom('smtp_profiles')
        .selectAll()
        .where('id', '=', opts.smtpProfileId)
        .executeTakeFirstOrThrow()
    : await makeSmtpProfile(db, accountId);
  return db
    .insertInto('portals')
    .values({
      account_id: accountId,
      name: opts.name ?? `Portal ${uid()}`,
      display_name: opts.name ?? 'Brand Portal',
      description: 'Manage your account',
      footer_html:
        opts.footerHtml ?? '<p>Questions? <a href="https://brand.example/help">Help</a></p>',
      tracking_domain_id: domainId,
      smtp_profile_id: smtp.id,
      recaptcha_site_key: 'site-key',
      recaptcha_secret_key: 'secret-key',
      confirmation_email: JSON.stringify(emailSettings(smtp.from_email, 'confirm')),
      password_reset_email: JSON.stringify(emailSettings(smtp.from_email, 'reset')),
      campaign_ids: opts.campaignIds ?? [],
      shop_ids: opts.shopIds ?? [],
      permissions: opts.permissions ?? [...PERMISSIONS],
      create_non_existing_customer: opts.createNonExisting ?? false,
      non_existing_customer_campaign_id: opts.nonExistingCampaignId ?? null,
      allowed_origins: opts.allowedOrigins ?? [],
      locale: 'en',
      enabled: opts.enabled ?? true,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function makeCustomer(
  db: Db,
  accountId: string,
  opts: {
    email?: string;
    firstName?: string;
    lastName?: string;
    status?: 'enabled' | 'disabled';
    campaignIds?: string[];
    shopIds?: string[];
  } = {},
) {
  const customer = await db
    .insertInto('customers')
    .values({
      account_id: accountId,
      email: opts.email ?? `shopper-${uid()}@example.com`,
      first_name: opts.firstName ?? 'Ann',
      last_name: opts.lastName ?? 'Shopper',
      status: opts.status ?? 'enabled',
      metadata: '{}',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  for (const campaign_id of opts.campaignIds ?? []) {
    await db
      .insertInto('customer_campaigns')
      .values({ customer_id: customer.id, campaign_id, account_id: accountId })
      .execute();
  }
  for (const shop_id of opts.shopIds ?? []) {
    await db
      .insertInto('customer_shops')
      .values({ customer_id: customer.id, shop_id, account_id: accountId })
      .execute();
  }
  return customer;
}

/** Runs `fn` with the portal's permissions set to `permissions`, then restores all twelve. */
export async function withPortalPermissions<T>(
  db: Db,
  portalId: string,
  permissions: Permission[],
  fn: () => Promise<T>,
): Promise<T> {
  const set = (list: Permission[]) =>
    db.updateTable('portals').set({ permissions: list }).where('id', '=', portalId).execute();
  await set(permissions);
  try {
    return await fn();
  } finally {
    await set([...PERMISSIONS]);
  }
}
