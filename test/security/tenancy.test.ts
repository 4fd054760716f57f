import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeCampaign,
  makeCustomer,
  makePortal,
  makeShop,
  makeTrackingDomain,
} from '../../bff/src/testing/fixtures.js';
import { json } from '../../bff/src/testing/harness.js';
import {
  createShopperTestContext,
  makeSalvage,
  makeSubscription,
  makeTransaction,
  makeTrial,
  type Shopper,
  type ShopperTestContext,
  sandboxToken,
} from '../../bff/src/testing/shopper-harness.js';
import { fakeResolver } from '../../bff/src/testing/tls-server.js';
import { adminEndpoints, fill, key, params, shopperEndpoints } from './lib/routes.js';
import { changedTables, gatewayCharges, snapshot } from './lib/state.js';

const ADDRESS = {
  first_name: 'Ann',
  line1: '1 Main St',
  city: 'Springfield',
  postal_code: '12345',
  country: 'US',
};

/**
 * How each shopper route that names a resource by id is exercised: the victim's resource in
 * a state where its owner's request would succeed (proved by the owner at the end), and a
 * body and headers that pass validation, so the only thing that can stop a foreign caller
 * is the ownership check.
 */
interface ShopperCase {
  prepare: (t: ShopperTestContext, victim: Shopper) => Promise<string>;
  body: unknown;
  idempotent?: boolean;
}

const SHOPPER_CASES: Record<string, ShopperCase> = {
  'DELETE /cards/:id': {
    prepare: async (t, v) => (await t.addCard(v, '5555555555554444')).id,
    body: undefined,
  },
  'POST /cards/:id/default': {
    prepare: async (t, v) => (await t.addCard(v, '6011111111111117')).id,
    body: {},
  },
  'PUT /subscriptions/:id/ship-to': {
    prepare: async (t, v) => (await makeSubscription(t, v)).id,
    body: { ship_to: ADDRESS },
  },
  'POST /subscriptions/:id/renew': {
    prepare: async (t, v) => (await makeSubscription(t, v)).id,
    body: {},
    idempotent: true,
  },
  'POST /subscriptions/:id/activate': {
    prepare: async (t, v) => (await makeSubscription(t, v, { status: 'suspended' })).id,
    body: {},
  },
  'POST /subscriptions/:id/suspend': {
    prepare: async (t, v) => (await makeSubscription(t, v)).id,
    body: {},
  },
  'POST /subscriptions/:id/cancel': {
    prepare: async (t, v) => (await makeSubscription(t, v)).id,
    body: { reason: 'too much' },
  },
  'POST /trials/:id/expire': {
    prepare: async (t, v) => (await makeTrial(t, v)).id,
    body: {},
    idempotent: true,
  },
  'POST /trials/:id/cancel': {
    prepare: async (t, v) => (await makeTrial(t, v)).id,
    body: {},
  },
  'POST /salvage-transactions/:id/pay': {
    prepare: async (t, v) => (await makeSalvage(t, v)).id,
    body: {},
    idempotent: true,
  },
  'GET /transactions/:id/receipt': {
    prepare: async (t, v) => (await makeTransaction(t, v)).id,
    body: undefined,
  },
};

const headersFor = (c: { idempotent?: boolean }): Record<string, string> =>
  c.idempotent ? { 'idempotency-key': `tenancy-${randomUUID()}` } : {};

describe('SECURITY 1: tenancy matrix over every shopper route with an id', () => {
  let t: ShopperTestContext;
  let victim: Shopper;
  const attackers: Record<string, Shopper> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createShopperTestContext();
    victim = await t.newShopper();
    await t.addCard(victim, '4242424242424242', true);
    const other = await t.newAccount('Other merchant');
    attackers['another customer, same portal'] = await t.newShopper({
      portalId: victim.portalId,
    });
    attackers['sibling portal, same account'] = await t.newShopper();
    attackers['other account'] = await t.newShopper({ accountId: other.id });
    // Each attacker could pay: a default card of their own.
    for (const a of Object.values(attackers)) await t.addCard(a, '4242424242424242', true);
    for (const [route, c] of Object.entries(SHOPPER_CASES)) ids[route] = await c.prepare(t, victim);
  });
  afterAll(() => t.close());

  it('knows how every shopper route with an id param is handled (a new route must be added)', () => {
    const withIds = shopperEndpoints(t.app)
      .filter((r) => params(r.path).some((p) => p !== 'portalId'))
      .map(key)
      .sort();
    expect(withIds.length).toBeGreaterThanOrEqual(10);
    expect(withIds).toEqual(Object.keys(SHOPPER_CASES).sort());
  });

  for (const [route, c] of Object.entries(SHOPPER_CASES)) {
    const [method, path] = route.split(' ') as [string, string];
    it(`${route}: a foreign id gets the 404 of an unknown id, writes nothing, charges nothing`, async () => {
      for (const [who, attacker] of Object.entries(attackers)) {
        const label = `${route} as ${who}`;
        const send = (id: string) =>
          attacker.req(method, fill(path, { id }), c.body, headersFor(c));
        const unknown = await send(randomUUID());
        expect(unknown.status, label).toBe(404);
        const unknownBody = await json(unknown);
        const malformed = await send('not-an-id');
        expect([malformed.status, await json(malformed)], `${label} malformed`).toEqual([
          404,
          unknownBody,
        ]);

        const before = await snapshot(t.handle.db);
        const charges = await gatewayCharges(t.handle.db);
        const foreign = await send(ids[route] as string);
        expect(foreign.status, label).toBe(404);
        expect(await json(foreign), label).toEqual(unknownBody);
        expect(changedTables(before, await snapshot(t.handle.db)), label).toEqual([]);
        expect(await gatewayCharges(t.handle.db), label).toBe(charges);
      }
    });
  }

  it("salvage pay with the shopper's own salvage but another customer's card_id: 404, no charge", async () => {
    const victimCard = await t.addCard(victim, '5555555555554444');
    for (const [who, attacker] of Object.entries(attackers)) {
      const own = await makeSalvage(t, attacker);
      const pay = (cardId: string) =>
        attacker.req(
          'POST',
          `/salvage-transactions/${own.id}/pay`,
          { card_id: cardId },
          { 'idempotency-key': `tenancy-${randomUUID()}` },
        );
      const unknown = await pay(randomUUID());
      expect(unknown.status, who).toBe(404);
      const before = await snapshot(t.handle.db);
      const charges = await gatewayCharges(t.handle.db);
      const foreign = await pay(victimCard.id);
      expect([foreign.status, await json(foreign)], who).toEqual([404, await json(unknown)]);
      expect(changedTables(before, await snapshot(t.handle.db)), who).toEqual([]);
      expect(await gatewayCharges(t.handle.db), who).toBe(charges);
    }
  });

  it('the owner can do each of those requests (the fixtures were actionable)', async () => {
    for (const [route, c] of Object.entries(SHOPPER_CASES)) {
      const [method, path] = route.split(' ') as [string, string];
      const res = await victim.req(
        method,
        fill(path, { id: ids[route] as string }),
        c.body,
        headersFor(c),
      );
      expect(res.status, `${route}: ${await res.clone().text()}`).toBeLessThan(300);
    }
  });
});

/** The merchant-side resources of one account, for the admin matrix. */
interface AdminFixtures {
  key: string;
  ids: Record<string, string>;
}

interface AdminCase {
  /** Which fixture fills each path param. */
  param: Record<string, string>;
  body?: (t: ShopperTestContext, own: AdminFixtures, target: Record<string, string>) => unknown;
}

const ADMIN_CASES: Record<string, AdminCase> = {
  'GET /campaigns/:id': { param: { id: 'campaign' } },
  'GET /customers/:id': { param: { id: 'customer' } },
  'PATCH /customers/:id': { param: { id: 'customer' }, body: () => ({ first_name: 'Mallory' }) },
  'POST /customers/:id/enable': { param: { id: 'disabledCustomer' } },
  'POST /customers/:id/disable': { param: { id: 'customer' } },
  'POST /customers/:id/groups': {
    param: { id: 'customer' },
    body: (_t, own) => ({ group_id: own.ids.group }),
  },
  'DELETE /customers/:id/groups/:groupId': { param: { id: 'member', groupId: 'group' } },
  'POST /customers/:id/notes': { param: { id: 'customer' }, body: () => ({ body: 'a note' }) },
  'GET /customers/:id/notes': { param: { id: 'customer' } },
  'POST /customers/:id/subscriptions': {
    param: { id: 'customer' },
    body: () => ({
      product_name: 'Box',
      amount: 1000,
      currency: 'USD',
      interval: 'month',
      next_renewal_at: '2027-01-01T00:00:00Z',
    }),
  },
  'GET /customers/:id/subscriptions': { param: { id: 'customer' } },
  'POST /customers/:id/trials': {
    param: { id: 'customer' },
    body: () => ({
      product_name: 'Trial',
      expiration_amount: 500,
      currency: 'USD',
      expires_at: '2027-01-01T00:00:00Z',
    }),
  },
  'GET /customers/:id/trials': { param: { id: 'customer' } },
  'POST /customers/:id/salvage-transactions': {
    param: { id: 'customer' },
    body: (_t, _own, target) => ({ source: 'renewal', subscription_id: target.subscription }),
  },
  'GET /customers/:id/salvage-transactions': { param: { id: 'customer' } },
  'GET /customers/:id/transactions': { param: { id: 'customer' } },
  'POST /customers/:id/cards': {
    param: { id: 'customer' },
    body: async (t) => ({ gateway_token: await sandboxToken(t, '4242424242424242') }),
  },
  'GET /customers/:id/cards': { param: { id: 'customer' } },
  'GET /groups/:id': { param: { id: 'group' } },
  'GET /tracking-domains/:id': { param: { id: 'trackingDomain' } },
  'POST /tracking-domains/:id/verify': { param: { id: 'spareDomain' } },
  'GET /smtp-profiles/:id': { param: { id: 'smtpProfile' } },
  'GET /shops/:id': { param: { id: 'shop' } },
  'GET /portals/:id': { param: { id: 'portal' } },
  'PATCH /portals/:id': { param: { id: 'portal' }, body: () => ({ description: 'changed' }) },
  // Before disable below: the owner's control request needs the portal enabled (and an
  // enabled customer: the one in the group, since the matrix disables the main one).
  'POST /portals/:id/login-links': {
    param: { id: 'portal' },
    body: (_t, own) => ({ customer_id: own.ids.member }),
  },
  'POST /portals/:id/enable': { param: { id: 'disabledPortal' } },
  'POST /portals/:id/disable': { param: { id: 'portal' } },
  'GET /portals/:id/embed': { param: { id: 'portal' } },
  'GET /api-keys/:id': { param: { id: 'apiKey' } },
  'POST /api-keys/:id/revoke': { param: { id: 'apiKey' } },
  'GET /webhook-endpoints/:id': { param: { id: 'webhook' } },
  'PATCH /webhook-endpoints/:id': {
    param: { id: 'webhook' },
    body: () => ({ url: 'https://attacker.example/hook', enabled: true }),
  },
  'POST /webhook-endpoints/:id/rotate-secret': { param: { id: 'webhook' } },
  'GET /webhook-endpoints/:id/deliveries': { param: { id: 'webhook' } },
  // Last: the owner's control request removes the endpoint the others use.
  'DELETE /webhook-endpoints/:id': { param: { id: 'webhook' } },
};

async function adminFixtures(t: ShopperTestContext, account: { id: string; key: string }) {
  const db = t.handle.db;
  const shopper = await t.newShopper({ accountId: account.id });
  const portal = await db
    .selectFrom('portals')
    .selectAll()
    .where('id', '=', shopper.portalId)
    .executeTakeFirstOrThrow();
  const group = await json(t.admin('POST', '/groups', { name: 'VIP' }, account.key));
  const member = await makeCustomer(db, account.id);
  await t.admin('POST', `/customers/${member.id}/groups`, { group_id: group.id }, account.key);
  const disabledCustomer = await makeCustomer(db, account.id, { status: 'disabled' });
  const disabled = await makePortal(db, account.id, {
    enabled: false,
    trackingDomainId: portal.tracking_domain_id,
    smtpProfileId: portal.smtp_profile_id,
  });
  const spareKey = await json(t.admin('POST', '/api-keys', { name: 'spare' }, account.key));
  const webhook = await json(
    t.admin(
      'POST',
      '/webhook-endpoints',
      { url: 'https://hooks.brand.example/portico' },
      account.key,
    ),
  );
  const ids: Record<string, string> = {
    campaign: (await makeCampaign(db, account.id)).id,
    customer: shopper.customerId,
    disabledCustomer: disabledCustomer.id,
    member: member.id,
    group: group.id,
    subscription: (await makeSubscription(t, shopper)).id,
    trackingDomain: portal.tracking_domain_id,
    spareDomain: (await makeTrackingDomain(db, account.id)).id,
    smtpProfile: portal.smtp_profile_id,
    shop: (await makeShop(db, account.id)).id,
    portal: portal.id,
    disabledPortal: disabled.id,
    apiKey: spareKey.id,
    webhook: webhook.id,
  };
  return { key: account.key, ids };
}

describe('SECURITY 5: tenancy matrix over every admin route with an id', () => {
  let t: ShopperTestContext;
  let victim: AdminFixtures;
  let attacker: AdminFixtures;

  beforeAll(async () => {
    t = await createShopperTestContext({
      deps: { domainCheck: { resolver: fakeResolver({}), timeoutMs: 1000 } },
    });
    victim = await adminFixtures(t, t.account);
    attacker = await adminFixtures(t, await t.newAccount('Attacker'));
  });
  afterAll(() => t.close());

  it('knows how every admin route with an id param is handled (a new route must be added)', () => {
    const withIds = adminEndpoints(t.app)
      .filter((r) => params(r.path).length > 0)
      .map(key)
      .sort();
    expect(withIds.length).toBeGreaterThanOrEqual(25);
    expect(withIds).toEqual(Object.keys(ADMIN_CASES).sort());
  });

  it("another account's ids get the 404 of unknown ids and write nothing, on every route", async () => {
    for (const [route, c] of Object.entries(ADMIN_CASES)) {
      const [method, path] = route.split(' ') as [string, string];
      const fixtureOf = (owner: AdminFixtures) =>
        Object.fromEntries(Object.entries(c.param).map(([p, f]) => [p, owner.ids[f] as string]));
      // Each param in turn names the victim's resource, the others the attacker's own; with
      // several params, also all of them the victim's. The unknown-id baseline puts a random
      // id where the victim's ids go.
      const names = Object.keys(c.param);
      const foreignSets = names.length > 1 ? [...names.map((n) => [n]), names] : [names];
      for (const foreignParams of foreignSets) {
        const label = `${route} (${foreignParams.map((p) => `:${p}`).join(', ')} foreign)`;
        // The body is built first: a card token is minted at the gateway before the request.
        const request = async (pick: (param: string) => string) => {
          const target = { ...fixtureOf(attacker) };
          for (const p of foreignParams) target[p] = pick(p);
          const body = await c.body?.(t, attacker, { ...victim.ids, ...target });
          return () => t.admin(method, fill(path, target), body, attacker.key);
        };
        const unknown = await (await request(() => randomUUID()))();
        expect(unknown.status, label).toBe(404);
        const send = await request((p) => fixtureOf(victim)[p] as string);
        const before = await snapshot(t.handle.db);
        const foreign = await send();
        expect([foreign.status, await json(foreign)], label).toEqual([404, await json(unknown)]);
        expect(changedTables(before, await snapshot(t.handle.db)), label).toEqual([]);
      }
    }
  });

  it('the owning account can do each of those requests (the fixtures were actionable)', async () => {
    for (const [route, c] of Object.entries(ADMIN_CASES)) {
      const [method, path] = route.split(' ') as [string, string];
      const target = Object.fromEntries(
        Object.entries(c.param).map(([p, f]) => [p, victim.ids[f] as string]),
      );
      const body = await c.body?.(t, victim, { ...victim.ids, ...target });
      const res = await t.admin(method, fill(path, target), body, victim.key);
      expect(res.status, `${route}: ${await res.clone().text()}`).toBeLessThan(300);
    }
  });
});
