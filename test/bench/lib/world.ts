import type { Db } from '@portico/db';
import { CSRF_HEADER, PERMISSIONS } from '@portico/shared';
import { sql } from 'kysely';
import { hashPassword } from '../../../bff/src/services/passwords/hasher.js';
import { DEV_COOKIE } from '../../../bff/src/services/sessions/cookie.js';
import { createSession } from '../../../bff/src/services/sessions/sessions.js';
import { signSessionToken } from '../../../bff/src/services/sessions/token.js';
import {
  makeCampaign,
  makePortal,
  makeSmtpProfile,
  makeTrackingDomain,
} from '../../../bff/src/testing/fixtures.js';

export const BENCH_SECRET = 'bench-secret-bench-secret-bench-secret-01';
export const BENCH_PASSWORD = 'bench shopper passphrase';

/** A merchant with one portal filtered on a campaign (so eligibility runs its subquery). */
export interface World {
  accountId: string;
  portalId: string;
  campaignId: string;
}

export async function createWorld(db: Db, name = 'Bench merchant'): Promise<World> {
  const account = await db
    .insertInto('accounts')
    .values({ name })
    .returning('id')
    .executeTakeFirstOrThrow();
  const domain = await makeTrackingDomain(db, account.id);
  const smtp = await makeSmtpProfile(db, account.id);
  const campaign = await makeCampaign(db, account.id, 'Bench Club');
  const portal = await makePortal(db, account.id, {
    name: 'Bench portal',
    trackingDomainId: domain.id,
    smtpProfileId: smtp.id,
    campaignIds: [campaign.id],
    permissions: [...PERMISSIONS],
  });
  return { accountId: account.id, portalId: portal.id, campaignId: campaign.id };
}

/**
 * A shopper of the world's campaign with a confirmed login, `cards` cards and
 * `subscriptions` subscriptions (plus one trial), like a long-time subscriber.
 */
export async function addShopper(
  db: Db,
  world: World,
  opts: { email: string; cards?: number; subscriptions?: number; passwordHash?: string },
): Promise<string> {
  const customer = await db
    .insertInto('customers')
    .values({
      account_id: world.accountId,
      email: opts.email,
      first_name: 'Bench',
      last_name: 'Shopper',
      metadata: '{}',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('customer_campaigns')
    .values({
      customer_id: customer.id,
      campaign_id: world.campaignId,
      account_id: world.accountId,
    })
    .execute();
  await db
    .insertInto('customer_logins')
    .values({
      customer_id: customer.id,
      account_id: world.accountId,
      password_hash: opts.passwordHash ?? (await hashPassword(BENCH_PASSWORD)),
      confirmed_at: new Date(),
    })
    .execute();
  const cards = opts.cards ?? 0;
  if (cards > 0) {
    await sql`insert into customer_cards (account_id, customer_id, gateway, gateway_token, brand,
        last4, exp_month, exp_year, fingerprint, is_default, created_at)
      select ${world.accountId}::uuid, ${customer.id}::uuid, 'sandbox', 'tok_bench_' || i, 'visa',
        lpad((i % 10000)::text, 4, '0'), 1 + i % 12, 2030, 'fp_' || i, i = 1,
        now() - (i || ' minutes')::interval
      from generate_series(1, ${cards}::int) as i`.execute(db);
  }
  const subs = opts.subscriptions ?? 0;
  if (subs > 0) {
    await sql`insert into subscriptions (account_id, customer_id, campaign_id, product_name, amount,
        currency, interval, interval_count, status, next_renewal_at, ship_to, created_at)
      select ${world.accountId}::uuid, ${customer.id}::uuid, ${world.campaignId}::uuid,
        'Box #' || i, 1000 + i, 'USD', 'month', 1,
        (array['active', 'suspended', 'cancelled'])[1 + i % 3], now() + interval '20 days',
        '{"line1":"1 Main St","city":"Springfield","country":"US","postal_code":"12345"}'::jsonb,
        now() - (i || ' minutes')::interval
      from generate_series(1, ${subs}::int) as i`.execute(db);
    await sql`insert into trials (account_id, customer_id, product_name, expiration_amount,
        currency, interval, interval_count, status, expires_at)
      values (${world.accountId}, ${customer.id}, 'Starter Trial', 1999, 'USD', 'month', 1,
        'active', now() + interval '10 days')`.execute(db);
  }
  return customer.id;
}

/** A live session for the shopper, as the cookie header a browser would send. */
export async function sessionCookie(db: Db, world: World, customerId: string): Promise<string> {
  const now = new Date();
  const session = await createSession(db, {
    accountId: world.accountId,
    portalId: world.portalId,
    customerId,
    now,
  });
  const token = await signSessionToken(BENCH_SECRET, session.id, session.absolute_expires_at);
  return `${DEV_COOKIE}=${token}`;
}

/** Headers of a state-changing shopper request from the server's own origin (CSRF rules). */
export function actionHeaders(origin: string, cookie: string): Record<string, string> {
  return {
    cookie,
    origin,
    [CSRF_HEADER]: '1',
    'content-type': 'application/json',
  };
}
