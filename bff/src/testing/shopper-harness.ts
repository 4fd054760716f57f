import { hash } from '@node-rs/argon2';
import { PERMISSIONS, type Permission } from '@portico/shared';
import { Hono } from 'hono';
import { notFound } from '../http/api-error.js';
import type { AppDeps, AppEnv, ShopperPrincipal } from '../http/context.js';
import { errorBody, handleError } from '../http/error-handler.js';
import { requestId } from '../middleware/request-id.js';
import { shopperActions } from '../routes/shopper-actions/index.js';
import { tokenizeCard } from '../services/payments/sandbox/tokenize.js';
import { makeCustomer, makePortal } from './fixtures.js';
import { createTestContext, type TestContext, testConfig } from './harness.js';

export const TEST_PASSWORD = 'correct horse battery staple';
const SESSION_HEADER = 'x-test-session';

/**
 * The shopper routes mounted as the lead will mount them, behind a stand-in for the
 * session middleware that sets `shopper` from fixture rows named by a test header.
 */
export function createShopperApp(deps: AppDeps, sessions: Map<string, ShopperPrincipal>) {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use(requestId);
  app.use('/api/portals/:portalId/*', async (c, next) => {
    const shopper = sessions.get(c.req.header(SESSION_HEADER) ?? '');
    if (!shopper || shopper.portalId !== c.req.param('portalId')) throw notFound('session');
    c.set('shopper', shopper);
    await next();
  });
  app.route('/api/portals/:portalId', shopperActions());
  app.notFound((c) => c.json(errorBody(notFound('route')), 404));
  app.onError(handleError);
  return app;
}

export interface Shopper extends ShopperPrincipal {
  /** JSON request as this shopper, relative to the portal's API base. */
  req(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
}

export interface ShopperTestContext extends TestContext {
  shopperApp: ReturnType<typeof createShopperApp>;
  /** A portal (new unless given) and a confirmed customer with a login on it. */
  newShopper(opts?: {
    accountId?: string;
    portalId?: string;
    permissions?: Permission[];
    email?: string;
  }): Promise<Shopper>;
  /** Tokenizes a number at the sandbox's card fields and attaches it through POST /cards. */
  addCard(shopper: Shopper, number?: string, makeDefault?: boolean): Promise<{ id: string }>;
  /** Same shopper on a copy with other permissions (the portal's setting changed). */
  withPermissions(shopper: Shopper, permissions: Permission[]): Shopper;
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
  const sessions = new Map<string, ShopperPrincipal>();
  const shopperApp = createShopperApp(t.deps, sessions);
  passwordHash ??= hash(TEST_PASSWORD, { algorithm: 2, memoryCost: 19456, timeCost: 2 });

  const bind = (principal: ShopperPrincipal): Shopper => {
    sessions.set(principal.sessionId, principal);
    const ip = `198.51.100.${sessions.size % 250}`;
    return {
      ...principal,
      req: async (method, path, body, headers = {}) =>
        shopperApp.request(`/api/portals/${principal.portalId}${path}`, {
          method,
          headers: {
            [SESSION_HEADER]: principal.sessionId,
            'x-forwarded-for': ip,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...headers,
          },
          ...(body === undefined
            ? {}
            : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
        }),
    };
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
    shopperApp,
    newShopper,
    addCard,
    withPermissions: (shopper, permissions) =>
      bind({ ...shopper, sessionId: `${shopper.sessionId}:${permissions.join(',')}`, permissions }),
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
