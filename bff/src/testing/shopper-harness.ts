import { hash } from '@node-rs/argon2';
import { CSRF_HEADER, PERMISSIONS, type Permission } from '@portico/shared';
import type { App } from '../app.js';
import type { ShopperPrincipal } from '../http/context.js';
import { tokenizeCard } from '../services/payments/sandbox/tokenize.js';
import { DEV_COOKIE } from '../services/sessions/cookie.js';
import { signSessionToken } from '../services/sessions/token.js';
import { makeCustomer, makePortal } from './fixtures.js';
import { createTestContext, type TestContext, testConfig } from './harness.js';

export const TEST_PASSWORD = 'correct horse battery staple';
export interface Shopper extends ShopperPrincipal {
  /** JSON request as this shopper, relative to the portal's API base. */
  req(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
  /** The same shopper's requests sent to another app instance (same database). */
  via(app: { request: App['request'] }): Shopper['req'];
}

export interface ShopperTestContext extends TestContext {
  /** A portal (new unless given) and a confirmed customer with a login on it. */
  newShopper(opts?: {
    accountId?: string;
    portalId?: string;
    permissions?: Permission[];
    email?: string;
  }): Promise<Shopper>;
  /** Tokenizes a number at the sandbox's card fields and attaches it through POST /cards. */
  addCard(shopper: Shopper, number?: string, makeDefault?: boolean): Promise<{ id: string }>;
  /** The merchant changes the shopper's portal permissions; the same session goes on. */
  withPermissions(shopper: Shopper, permissions: Permission[]): Promise<Shopper>;
}

let passwordHash: Promise<string> | undefined;

export async function createShopperTestContext(
  options: Parameters<typeof createTestContext>[0] = {},
): Promise<ShopperTestContext> {
  // One trusted proxy hop, so each fixture shopper can come from its own address.
  const t = await createTestContext({
    ...options,
    config: options.config ?? testConfig({ TRUSTED_PROXY_HOPS: '1' }),
  });
  let shoppers = 0;
  passwordHash ??= hash(TEST_PASSWORD, { algorithm: 2, memoryCost: 19456, timeCost: 2 });

  // Requests go through the real app: portal resolution on a dev host, CSRF checks and the
  // signed session cookie naming a real session row.
  const bind = async (principal: ShopperPrincipal): Promise<Shopper> => {
    shoppers += 1;
    const ip = `198.51.100.${shoppers % 250}`;
    const token = await signSessionToken(
      t.deps.config.secret,
      principal.sessionId,
      new Date(Date.now() + 12 * 3600_000),
    );
    const send =
      (app: { request: App['request'] }): Shopper['req'] =>
      (method, path, body, headers = {}) =>
        Promise.resolve(
          app.request(`http://localhost/api/portals/${principal.portalId}${path}`, {
            method,
            headers: {
              cookie: `${DEV_COOKIE}=${token}`,
              origin: 'http://localhost',
              [CSRF_HEADER]: '1',
              'x-forwarded-for': ip,
              'content-type': 'application/json',
              ...headers,
            },
            ...(body === undefined
              ? {}
              : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
          }),
        );
    return { ...principal, req: send(t.app), via: send };
  };

  const newShopper: ShopperTestContext['newShopper'] = async (opts = {}) => {
    const accountId = opts.accountId ?? t.account.id;
    const permissions = opts.permissions ?? [...PERMISSIONS];
    const portalId =
      opts.portalId ??
      (await makePortal(t.handle.db, accountId, { name: 'Brand A', permissions })).id;
    const customer = await makeCustomer(
      t.handle.db,
      accountId,
      opts.email ? { email: opts.email } : {},
    );
    await t.handle.db
      .insertInto('customer_logins')
      .values({
        customer_id: customer.id,
        account_id: accountId,
        password_hash: await (passwordHash as Promise<string>),
        confirmed_at: new Date(),
      })
      .execute();
    const now = new Date();
    const session = await t.handle.db
      .insertInto('sessions')
      .values({
        account_id: accountId,
        portal_id: portalId,
        customer_id: customer.id,
        last_seen_at: now,
        idle_expires_at: new Date(now.getTime() + 30 * 60_000),
        absolute_expires_at: new Date(now.getTime() + 12 * 3600_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return bind({
      sessionId: session.id,
      accountId,
      portalId,
      customerId: customer.id,
      permissions,
    });
  };

  const addCard: ShopperTestContext['addCard'] = async (
    shopper,
    number = '4242424242424242',
    makeDefault,
  ) => {
    const token = await sandboxToken(t, number);
    const res = await shopper.req('POST', '/cards', {
      gateway_token: token,
      ...(makeDefault === undefined ? {} : { make_default: makeDefault }),
    });
    if (res.status !== 201) throw new Error(`addCard: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string };
  };

  return {
    ...t,
    newShopper,
    addCard,
    withPermissions: async (shopper, permissions) => {
      await t.handle.db
        .updateTable('portals')
        .set({ permissions })
        .where('id', '=', shopper.portalId)
        .execute();
      return bind({ ...shopper, permissions });
    },
  };
}

/** A token as the sandbox's card fields would return it for this number. */
export async function sandboxToken(t: TestContext, number: string, cvc?: string): Promise<string> {
  const result = await tokenizeCard(
    t.handle.db,
    {
      number,
      exp_month: 12,
      exp_year: 2099,
      cvc: cvc ?? (number.startsWith('3') ? '1234' : '123'),
    },
    { secret: t.deps.config.secret, now: new Date(), origin: null },
  );
  if (!result.ok) throw new Error(`sandbox refused ${result.field}`);
  return result.token;
}

export function makeSubscription(
  t: TestContext,
  shopper: ShopperPrincipal,
  opts: {
    status?: 'active' | 'suspended' | 'cancelled';
    cardId?: string | null;
    amount?: number;
    name?: string;
  } = {},
) {
  return t.handle.db
    .insertInto('subscriptions')
    .values({
      account_id: shopper.accountId,
      customer_id: shopper.customerId,
      campaign_id: null,
      product_name: opts.name ?? 'Gold Box',
      amount: opts.amount ?? 2999,
      currency: 'USD',
      interval: 'month',
      interval_count: 1,
      status: opts.status ?? 'active',
      next_renewal_at: new Date('2027-01-15T00:00:00Z'),
      card_id: opts.cardId ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function makeTrial(
  t: TestContext,
  shopper: ShopperPrincipal,
  opts: { status?: 'active' | 'expired' | 'cancelled' | 'failed'; amount?: number } = {},
) {
  return t.handle.db
    .insertInto('trials')
    .values({
      account_id: shopper.accountId,
      customer_id: shopper.customerId,
      product_name: 'Starter Trial',
      expiration_amount: opts.amount ?? 1999,
      currency: 'USD',
      interval: 'month',
      interval_count: 1,
      status: opts.status ?? 'active',
      expires_at: new Date('2027-01-01T00:00:00Z'),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function makeSalvage(
  t: TestContext,
  shopper: ShopperPrincipal,
  opts: { status?: 'pending' | 'paid' | 'voided'; source?: 'renewal' | 'trial_expiration' } = {},
) {
  const source = opts.source ?? 'renewal';
  const sub =
    source === 'renewal' ? await makeSubscription(t, shopper, { status: 'suspended' }) : undefined;
  const trial =
    source === 'trial_expiration' ? await makeTrial(t, shopper, { status: 'failed' }) : undefined;
  return t.handle.db
    .insertInto('salvage_transactions')
    .values({
      account_id: shopper.accountId,
      customer_id: shopper.customerId,
      source,
      subscription_id: sub?.id ?? null,
      trial_id: trial?.id ?? null,
      product_name: sub?.product_name ?? trial?.product_name ?? 'x',
      amount: sub?.amount ?? trial?.expiration_amount ?? 1,
      currency: 'USD',
      status: opts.status ?? 'pending',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Row counts of every table an action writes, to prove a refused request wrote nothing. */
export async function effectCounts(t: TestContext): Promise<Record<string, number>> {
  const tables = [
    'audit_events',
    'customer_notes',
    'outbox',
    'transactions',
    'customer_cards',
    'sandbox_gateway_charges',
    'idempotency_keys',
  ] as const;
  const out: Record<string, number> = {};
  for (const table of tables) {
    const row = await t.handle.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
}

/** A charge already recorded for the shopper (succeeded unless said otherwise). */
export function makeTransaction(
  t: TestContext,
  shopper: ShopperPrincipal,
  opts: { status?: 'pending' | 'succeeded' | 'failed'; subscriptionId?: string } = {},
) {
  return t.handle.db
    .insertInto('transactions')
    .values({
      account_id: shopper.accountId,
      customer_id: shopper.customerId,
      card_id: null,
      kind: 'renewal',
      subscription_id: opts.subscriptionId ?? null,
      portal_id: shopper.portalId,
      amount: 2999,
      currency: 'USD',
      status: opts.status ?? 'succeeded',
      gateway: 'sandbox',
      gateway_idempotency_key: `test:${crypto.randomUUID()}`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}
