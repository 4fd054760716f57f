import { randomUUID } from 'node:crypto';
import { PERMISSIONS, type Permission } from '@portico/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json } from '../../bff/src/testing/harness.js';
import {
  GOOD_PASSWORD,
  shopperRequest as req,
  sessionCookie,
} from '../../bff/src/testing/shopper.js';
import {
  createShopperTestContext,
  makeSalvage,
  makeSubscription,
  makeTrial,
  type Shopper,
  type ShopperTestContext,
  sandboxToken,
} from '../../bff/src/testing/shopper-harness.js';
import { productionApp, shopperContext } from '../../bff/src/testing/shopper-setup.js';
import { fill, key, shopperEndpoints } from './lib/routes.js';
import { changedTables, gatewayCharges, snapshot } from './lib/state.js';

/**
 * The permission each shopper action needs. Every action route must be listed (a new one
 * fails the first test until it is), with `null` for those no permission governs.
 */
const PERMISSION_OF: Record<string, Permission | null> = {
  'GET /account': null,
  'PATCH /account/contact': 'contact_modify',
  'PUT /account/ship-to': 'shipping_modify_ship_to',
  'POST /cards': 'credit_card_add',
  'DELETE /cards/:id': 'credit_card_remove',
  'POST /cards/:id/default': 'credit_card_set_default',
  'PUT /subscriptions/:id/ship-to': 'shipping_modify_ship_to',
  'POST /subscriptions/:id/renew': 'subscription_renew',
  'POST /subscriptions/:id/activate': 'subscription_activate',
  'POST /subscriptions/:id/suspend': 'subscription_suspend',
  'POST /subscriptions/:id/cancel': 'subscription_cancel',
  'POST /trials/:id/expire': 'trial_expire',
  'POST /trials/:id/cancel': 'trial_cancel',
  'POST /salvage-transactions/:id/pay': 'salvage_transaction_process',
  // Payment history is the shopper's own record: every signed-in shopper may read it.
  'GET /transactions': null,
  'GET /transactions/:id/receipt': null,
};

const ALL: Permission[] = [...PERMISSIONS];

/** Sign-in routes: no session, no permission. */
const SIGN_IN = [
  'GET /config',
  'POST /register',
  'POST /confirm',
  'POST /login',
  'POST /logout',
  'POST /password-reset/request',
  'POST /password-reset/confirm',
  'GET /session',
  'POST /login-links/redeem',
];

const ADDRESS = { line1: '1 Main St', city: 'Springfield', country: 'US' };

describe('SECURITY 2: a permission that is off is refused by the BFF', () => {
  let t: ShopperTestContext;
  let shopper: Shopper;

  beforeAll(async () => {
    t = await createShopperTestContext();
    shopper = await t.newShopper();
    await t.addCard(shopper, '4242424242424242', true);
  });
  afterAll(() => t.close());

  /** A fresh resource per check, in a state where the action would otherwise succeed. */
  const prepare = async (route: string): Promise<string> => {
    if (route.includes('/cards/')) return (await t.addCard(shopper, '5555555555554444')).id;
    if (route.includes('/subscriptions/')) {
      const status = route.endsWith('/activate') ? 'suspended' : 'active';
      return (await makeSubscription(t, shopper, { status })).id;
    }
    if (route.includes('/trials/')) return (await makeTrial(t, shopper)).id;
    return (await makeSalvage(t, shopper)).id;
  };
  const bodyOf = async (route: string): Promise<unknown> => {
    if (route === 'PATCH /account/contact') return { first_name: 'Changed' };
    if (route.endsWith('/ship-to')) return { ship_to: ADDRESS };
    if (route === 'POST /cards')
      return { gateway_token: await sandboxToken(t, '6011111111111117') };
    return route.startsWith('DELETE') ? undefined : {};
  };

  it('knows the permission of every shopper route (a new route must be listed)', () => {
    const routes = shopperEndpoints(t.app).map(key).sort();
    expect(routes).toEqual([...Object.keys(PERMISSION_OF), ...SIGN_IN].sort());
  });

  for (const [route, permission] of Object.entries(PERMISSION_OF)) {
    if (!permission) continue;
    it(`${route}: 403 permission_denied without ${permission}, nothing written or charged`, async () => {
      const [method, path] = route.split(' ') as [string, string];
      const url = path.includes(':id') ? fill(path, { id: await prepare(route) }) : path;
      // Everything on except this one: the refusal is this permission's, not another's.
      const limited = await t.withPermissions(
        shopper,
        ALL.filter((p) => p !== permission),
      );
      const body = await bodyOf(route);
      const before = await snapshot(t.handle.db);
      const charges = await gatewayCharges(t.handle.db);
      const res = await limited.req(method, url, body, {
        'idempotency-key': `perm-${randomUUID()}`,
      });
      expect(res.status, route).toBe(403);
      expect((await json(res)).error, route).toMatchObject({
        code: 'permission_denied',
        details: { permission },
      });
      expect(changedTables(before, await snapshot(t.handle.db)), route).toEqual([]);
      expect(await gatewayCharges(t.handle.db), route).toBe(charges);
      // With the permission back on, the same request is accepted.
      const allowed = await t.withPermissions(shopper, ALL);
      const ok = await allowed.req(method, url, await bodyOf(route), {
        'idempotency-key': `perm-${randomUUID()}`,
      });
      expect(ok.status, `${route} allowed: ${await ok.clone().text()}`).toBeLessThan(300);
    });
  }
});

describe('SECURITY 4: the tenant comes from the session, the key and the host only', () => {
  let s: Awaited<ReturnType<typeof shopperContext>>;
  beforeAll(async () => {
    s = await shopperContext();
  });
  afterAll(() => s.t.close());

  it('ignores forwarded-host and tenant headers: an unknown host is 404, never a default portal', async () => {
    const app = productionApp(s.t.deps);
    const tries: [string, Record<string, string>][] = [
      ['x-forwarded-host', { 'x-forwarded-host': s.a.hostname }],
      ['forwarded', { forwarded: `host=${s.a.hostname};proto=https` }],
      ['x-portal-id', { 'x-portal-id': s.a.id }],
      ['x-account-id', { 'x-account-id': s.t.account.id }],
    ];
    for (const [label, headers] of tries) {
      const res = await app.request(`https://unknown.example/api/portals/${s.a.id}/config`, {
        headers,
      });
      expect(res.status, label).toBe(404);
      const page = await app.request(`https://unknown.example/p/${s.a.id}`, { headers });
      expect(page.status, label).toBe(404);
    }
    // The sibling portal's host never serves this portal, whatever the headers.
    const sibling = await app.request(`https://${s.b.hostname}/api/portals/${s.a.id}/config`, {
      headers: { 'x-forwarded-host': s.a.hostname },
    });
    expect(sibling.status).toBe(404);
  });

  it('logs in on the portal the host serves, whatever portal or account the body names', async () => {
    const app = productionApp(s.t.deps);
    const c = await s.registeredCustomer();
    const res = await req(app, s.a, 'POST', '/login', {
      email: c.email,
      password: GOOD_PASSWORD,
      portal_id: s.b.id,
      account_id: crypto.randomUUID(),
    });
    expect(res.status, 'unknown fields are refused, not applied').toBe(400);
    const ok = await req(app, s.a, 'POST', '/login', { email: c.email, password: GOOD_PASSWORD });
    const cookie = sessionCookie(ok);
    const session = await req(app, s.a, 'GET', '/session', undefined, { cookie });
    expect((await json(session)).portal_id).toBe(s.a.id);
    const elsewhere = await req(app, s.b, 'GET', '/session', undefined, { cookie });
    expect(elsewhere.status).toBe(401);
  });

  it('creates admin resources in the key’s account only: account_id in the body is refused', async () => {
    const other = await s.t.newAccount('Other');
    const res = await s.t.admin('POST', '/campaigns', { name: 'Mine', account_id: other.id });
    expect(res.status).toBe(400);
    const viaHeader = await s.t.app.request('/api/admin/v1/campaigns', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${s.t.account.key}`,
        'content-type': 'application/json',
        'x-account-id': other.id,
      },
      body: JSON.stringify({ name: 'Header tenant' }),
    });
    expect(viaHeader.status).toBe(201);
    const row = await s.db
      .selectFrom('campaigns')
      .select('account_id')
      .where('id', '=', (await json(viaHeader)).id)
      .executeTakeFirstOrThrow();
    expect(row.account_id).toBe(s.t.account.id);
  });
});

describe('SECURITY 5: admin API keys', () => {
  let s: Awaited<ReturnType<typeof shopperContext>>;
  beforeAll(async () => {
    s = await shopperContext();
  });
  afterAll(() => s.t.close());

  it('accepts a key only as Authorization: Bearer, never from the query, a cookie or another header', async () => {
    const k = s.t.account.key;
    const attempts: [string, string, Record<string, string>][] = [
      ['query api_key', `/api/admin/v1/campaigns?api_key=${k}`, {}],
      ['query access_token', `/api/admin/v1/campaigns?access_token=${k}`, {}],
      ['cookie', '/api/admin/v1/campaigns', { cookie: `api_key=${k}` }],
      ['x-api-key', '/api/admin/v1/campaigns', { 'x-api-key': k }],
      ['basic', '/api/admin/v1/campaigns', { authorization: `Basic ${btoa(`${k}:`)}` }],
      ['bare key', '/api/admin/v1/campaigns', { authorization: k }],
      ['token scheme', '/api/admin/v1/campaigns', { authorization: `Token ${k}` }],
    ];
    for (const [label, path, headers] of attempts) {
      const res = await s.t.app.request(path, { headers });
      expect(res.status, label).toBe(401);
      expect(res.headers.get('www-authenticate'), label).toBe('Bearer');
    }
    expect((await s.t.admin('GET', '/campaigns')).status).toBe(200);
  });

  it('has at least 128 random bits, is shown once and stored nowhere in the clear', async () => {
    const created = await json(s.t.admin('POST', '/api-keys', { name: 'entropy' }));
    // The secret is base64url, which may itself contain '_': cut after the known prefix.
    const secret = (created.key as string).slice(`pk_${created.prefix}_`.length);
    expect(secret.length * 6, 'base64url bits').toBeGreaterThanOrEqual(128);
    const again = await json(s.t.admin('GET', `/api-keys/${created.id}`));
    const list = await json(s.t.admin('GET', '/api-keys'));
    expect(JSON.stringify([again, list])).not.toContain(secret);
    // No text column of any table holds the key or its secret part.
    const { rows } = await sql<{ hit: string }>`
      select c.table_name || '.' || c.column_name as hit
      from information_schema.columns c
      join information_schema.tables tb on tb.table_name = c.table_name and tb.table_schema = c.table_schema
      where c.table_schema = 'public' and tb.table_type = 'BASE TABLE'
        and c.data_type in ('text', 'character varying', 'json', 'jsonb')
    `.execute(s.db);
    expect(rows.length, 'text columns scanned').toBeGreaterThan(20);
    const found: string[] = [];
    for (const { hit } of rows) {
      const [table, column] = hit.split('.') as [string, string];
      const { rows: match } = await sql<{ n: string }>`
        select count(*)::text as n from ${sql.table(table)}
        where position(${secret} in ${sql.ref(column)}::text) > 0
      `.execute(s.db);
      if (Number(match[0]?.n) > 0) found.push(hit);
    }
    expect(found).toEqual([]);
  });
});
