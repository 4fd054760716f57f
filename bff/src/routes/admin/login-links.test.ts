import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditActions } from '../../testing/audit-trail.js';
import { makeCustomer, withPortalPermissions } from '../../testing/fixtures.js';
import { json } from '../../testing/harness.js';
import { makeSalvage, makeSubscription } from '../../testing/shopper-harness.js';
import { shopperContext } from '../../testing/shopper-setup.js';

type Ctx = Awaited<ReturnType<typeof shopperContext>>;

describe('admin login links (mint)', () => {
  let s: Ctx;
  beforeAll(async () => {
    s = await shopperContext();
  });
  afterAll(() => s.t.close());

  const mint = (portalId: string, body: unknown, key?: string) =>
    s.t.admin('POST', `/portals/${portalId}/login-links`, body, key);
  const owner = (customerId: string) => ({
    accountId: s.t.account.id,
    customerId,
    portalId: s.a.id,
    sessionId: '',
    permissions: [],
  });
  const linkCount = async () =>
    Number(
      (
        await s.db
          .selectFrom('login_links')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('mints a single-use link on the tracking domain, token in the fragment, stored hashed', async () => {
    const customer = await s.registeredCustomer();
    const before = Date.now();
    const res = await mint(s.a.id, { customer_id: customer.id });
    expect(res.status).toBe(201);
    const body = await json(res);
    const url = new URL(body.url);
    expect(url.origin).toBe(`https://${s.a.hostname}`);
    expect(url.pathname).toBe(`/p/${s.a.id}`);
    expect(url.search).toBe('');
    const token = /^#login=([A-Za-z0-9_-]{43})$/.exec(url.hash)?.[1];
    expect(token, 'a 256-bit base64url token').toBeDefined();
    const expires = new Date(body.expires_at).getTime();
    expect(expires - before).toBeGreaterThanOrEqual(899_000);
    expect(expires - before).toBeLessThanOrEqual(901_000 + (Date.now() - before));

    const row = await s.db
      .selectFrom('login_links')
      .selectAll()
      .where('id', '=', body.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.token_hash).not.toContain(token as string);
    expect(row).toMatchObject({
      portal_id: s.a.id,
      customer_id: customer.id,
      tracking_domain: s.a.hostname,
      used_at: null,
      deep_link: null,
    });
    expect(await auditActions(s.db, body.id)).toEqual(['login_link.created']);
    const audits = await s.db.selectFrom('audit_events').select('data').execute();
    expect(JSON.stringify(audits)).not.toContain(token as string);
  });

  it('takes a shorter ttl and a deep link whose subject is the customer’s', async () => {
    const customer = await s.registeredCustomer();
    const who = owner(customer.id);
    const sub = await makeSubscription(s.t, who);
    const salvage = await makeSalvage(s.t, who);
    for (const deep_link of [
      { flow: 'update_payment_method' },
      { flow: 'pay_salvage', salvage_transaction_id: salvage.id },
      { flow: 'manage_subscription', subscription_id: sub.id },
      { flow: 'cancel_subscription', subscription_id: sub.id },
      { flow: 'update_ship_to' },
      { flow: 'update_ship_to', subscription_id: sub.id },
    ]) {
      const res = await mint(s.a.id, { customer_id: customer.id, ttl_seconds: 60, deep_link });
      expect(res.status, deep_link.flow).toBe(201);
      const body = await json(res);
      expect(new Date(body.expires_at).getTime() - Date.now()).toBeLessThanOrEqual(60_000);
      const row = await s.db
        .selectFrom('login_links')
        .select('deep_link')
        .where('id', '=', body.id)
        .executeTakeFirstOrThrow();
      expect(row.deep_link).toEqual(deep_link);
    }
  });

  it('refuses a deep link whose permission is off with 422 deep_link_not_permitted', async () => {
    const customer = await s.registeredCustomer();
    const sub = await makeSubscription(s.t, owner(customer.id));
    await withPortalPermissions(
      s.db,
      s.a.id,
      ['contact_modify', 'subscription_suspend'],
      async () => {
        const before = await linkCount();
        for (const deep_link of [
          { flow: 'update_payment_method' },
          { flow: 'cancel_subscription', subscription_id: sub.id },
          { flow: 'update_ship_to' },
        ]) {
          const res = await mint(s.a.id, { customer_id: customer.id, deep_link });
          expect(res.status, deep_link.flow).toBe(422);
          const body = await json(res);
          expect(body.error.code).toBe('deep_link_not_permitted');
          expect(body.error.details.flow).toBe(deep_link.flow);
        }
        // Any one subscription permission is enough to manage a subscription.
        const manage = await mint(s.a.id, {
          customer_id: customer.id,
          deep_link: { flow: 'manage_subscription', subscription_id: sub.id },
        });
        expect(manage.status).toBe(201);
        expect(await linkCount()).toBe(before + 1);
      },
    );
  });

  it('answers 404 for ids that are not the customer’s or not the account’s', async () => {
    const customer = await s.registeredCustomer();
    const other = await s.registeredCustomer();
    const theirSub = await makeSubscription(s.t, owner(other.id));
    const theirSalvage = await makeSalvage(s.t, owner(other.id));
    const foreign = await s.t.newAccount('Other merchant');
    const foreignCustomer = await makeCustomer(s.db, foreign.id);
    const before = await linkCount();
    const cases: [string, string, unknown][] = [
      [
        'their subscription',
        s.a.id,
        {
          customer_id: customer.id,
          deep_link: { flow: 'cancel_subscription', subscription_id: theirSub.id },
        },
      ],
      [
        'their salvage',
        s.a.id,
        {
          customer_id: customer.id,
          deep_link: { flow: 'pay_salvage', salvage_transaction_id: theirSalvage.id },
        },
      ],
      [
        'unknown subscription',
        s.a.id,
        {
          customer_id: customer.id,
          deep_link: { flow: 'manage_subscription', subscription_id: crypto.randomUUID() },
        },
      ],
      ['unknown customer', s.a.id, { customer_id: crypto.randomUUID() }],
      ['another account’s customer', s.a.id, { customer_id: foreignCustomer.id }],
      ['unknown portal', crypto.randomUUID(), { customer_id: customer.id }],
      ['malformed portal', 'nope', { customer_id: customer.id }],
    ];
    for (const [what, portalId, body] of cases) {
      const res = await mint(portalId, body);
      expect(res.status, what).toBe(404);
      expect((await json(res)).error.code, what).toBe('not_found');
    }
    // Another merchant's key cannot mint on this portal.
    const res = await mint(s.a.id, { customer_id: customer.id }, foreign.key);
    expect(res.status).toBe(404);
    expect(await linkCount()).toBe(before);
  });

  it('refuses customers the portal does not admit, closed subjects and bad input', async () => {
    const customer = await s.registeredCustomer();
    const brandB = await s.registeredCustomer({ campaignIds: [s.campaignB.id] });
    const disabled = await s.registeredCustomer({ status: 'disabled' });
    for (const c of [brandB, disabled]) {
      const res = await mint(s.a.id, { customer_id: c.id });
      expect(res.status).toBe(422);
      expect((await json(res)).error.code).toBe('customer_not_eligible');
    }
    const cancelled = await makeSubscription(s.t, owner(customer.id), { status: 'cancelled' });
    const paid = await makeSalvage(s.t, owner(customer.id), { status: 'paid' });
    for (const deep_link of [
      { flow: 'cancel_subscription', subscription_id: cancelled.id },
      { flow: 'pay_salvage', salvage_transaction_id: paid.id },
    ]) {
      const res = await mint(s.a.id, { customer_id: customer.id, deep_link });
      expect(res.status, deep_link.flow).toBe(409);
      expect((await json(res)).error.code).toBe('invalid_state');
    }
    for (const body of [
      { customer_id: customer.id, ttl_seconds: 901 },
      { customer_id: customer.id, ttl_seconds: 0 },
      { customer_id: customer.id, ttl_seconds: 60.5 },
      { customer_id: customer.id, portal_id: s.b.id },
      { customer_id: customer.id, deep_link: { flow: 'teleport' } },
      { customer_id: customer.id, deep_link: { flow: 'pay_salvage' } },
      {
        customer_id: customer.id,
        deep_link: { flow: 'update_payment_method', subscription_id: customer.id },
      },
      { customer_id: 'nope' },
      {},
    ]) {
      const res = await mint(s.a.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    const noKey = await s.t.app.request(`/api/admin/v1/portals/${s.a.id}/login-links`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customer_id: customer.id }),
    });
    expect(noKey.status).toBe(401);
  });

  it('refuses to mint on a disabled portal', async () => {
    const customer = await s.registeredCustomer();
    await s.db.updateTable('portals').set({ enabled: false }).where('id', '=', s.b.id).execute();
    const res = await mint(s.b.id, { customer_id: customer.id });
    expect(res.status).toBe(409);
    await s.db.updateTable('portals').set({ enabled: true }).where('id', '=', s.b.id).execute();
  });
});
