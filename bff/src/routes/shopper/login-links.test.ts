import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditActions } from '../../testing/audit-trail.js';
import { withPortalPermissions } from '../../testing/fixtures.js';
import { json } from '../../testing/harness.js';
import { shopperRequest as req, sessionCookie } from '../../testing/shopper.js';
import { makeSubscription } from '../../testing/shopper-harness.js';
import { shopperContext } from '../../testing/shopper-setup.js';
import { REDEEMS_PER_IP } from './login-links.js';

type Ctx = Awaited<ReturnType<typeof shopperContext>>;

describe('shopper login-link redemption', () => {
  let s: Ctx;
  beforeAll(async () => {
    s = await shopperContext();
  });
  afterAll(() => s.t.close());

  const mint = async (customerId: string, extra: Record<string, unknown> = {}, portal = s.a) => {
    const res = await s.t.admin('POST', `/portals/${portal.id}/login-links`, {
      customer_id: customerId,
      ...extra,
    });
    expect(res.status).toBe(201);
    const body = await json(res);
    return { id: body.id as string, token: new URL(body.url).hash.slice('#login='.length) };
  };
  let ips = 0;
  // Each redemption from its own address, so the per-IP limit is tested on its own.
  const redeem = (token: string, portal = s.a, opts: Parameters<typeof req>[5] = {}) =>
    req(
      s.t.app,
      portal,
      'POST',
      '/login-links/redeem',
      { token },
      {
        ip: `198.51.100.${++ips % 250}`,
        ...opts,
      },
    );
  const liveSessions = async (customerId: string) =>
    s.db
      .selectFrom('sessions')
      .select(['id', 'revoked_at'])
      .where('customer_id', '=', customerId)
      .where('revoked_at', 'is', null)
      .execute();

  it('signs the customer in with a normal session and hands back the deep link', async () => {
    const customer = await s.registeredCustomer();
    const sub = await makeSubscription(s.t, {
      accountId: s.t.account.id,
      customerId: customer.id,
      portalId: s.a.id,
      sessionId: '',
      permissions: [],
    });
    const deep_link = { flow: 'cancel_subscription', subscription_id: sub.id };
    const link = await mint(customer.id, { deep_link });
    const res = await redeem(link.token);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({
      portal_id: s.a.id,
      customer: { id: customer.id, email: customer.email },
      deep_link,
    });
    const cookie = sessionCookie(res);
    expect(cookie).toMatch(/^__Host-portico_session=/);
    const set = res.headers.getSetCookie().join(';');
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Lax/i);
    const session = await req(s.t.app, s.a, 'GET', '/session', undefined, { cookie });
    expect(session.status).toBe(200);
    const row = await s.db
      .selectFrom('login_links')
      .selectAll()
      .where('id', '=', link.id)
      .executeTakeFirstOrThrow();
    expect(row.used_at).not.toBeNull();
    const [live] = await liveSessions(customer.id);
    expect(row.session_id).toBe(live?.id);
    expect(await auditActions(s.db, link.id)).toEqual([
      'login_link.created',
      'login_link.redeemed',
    ]);
    // Revocable like any session: logout ends it.
    expect((await req(s.t.app, s.a, 'POST', '/logout', {}, { cookie })).status).toBe(200);
    expect((await req(s.t.app, s.a, 'GET', '/session', undefined, { cookie })).status).toBe(401);
  });

  it('is single use: a second redemption is 410 login_link_used and gets no session', async () => {
    const customer = await s.registeredCustomer();
    const link = await mint(customer.id);
    expect((await redeem(link.token)).status).toBe(200);
    const again = await redeem(link.token);
    expect(again.status).toBe(410);
    expect((await json(again)).error.code).toBe('login_link_used');
    expect(sessionCookie(again)).toBeUndefined();
    expect(await liveSessions(customer.id)).toHaveLength(1);
  });

  it('expires: after its ttl it is 410 login_link_expired', async () => {
    const customer = await s.registeredCustomer();
    const link = await mint(customer.id, { ttl_seconds: 60 });
    s.clock.advance(61_000);
    const res = await redeem(link.token);
    expect(res.status).toBe(410);
    expect((await json(res)).error.code).toBe('login_link_expired');
    expect(sessionCookie(res)).toBeUndefined();
    expect(await liveSessions(customer.id)).toHaveLength(0);
  });

  it('refuses altered, unknown and other-portal tokens with 401 login_link_invalid', async () => {
    const customer = await s.registeredCustomer({ campaignIds: [s.campaignA.id, s.campaignB.id] });
    const link = await mint(customer.id);
    const last = link.token.at(-1) === 'A' ? 'B' : 'A';
    const altered = `${link.token.slice(0, -1)}${last}`;
    for (const [what, token, portal] of [
      ['altered', altered, s.a],
      ['truncated', link.token.slice(0, 20), s.a],
      ['junk', '<script>', s.a],
      ['another portal', link.token, s.b],
    ] as const) {
      const res = await redeem(token, portal);
      expect(res.status, what).toBe(401);
      expect((await json(res)).error.code, what).toBe('login_link_invalid');
      expect(sessionCookie(res), what).toBeUndefined();
    }
    // None of that burned the real link on its own portal.
    expect((await redeem(link.token)).status).toBe(200);
  });

  it('is bound to the tracking domain it was minted for', async () => {
    const customer = await s.registeredCustomer();
    const link = await mint(customer.id);
    const moved = await s.db
      .selectFrom('portals')
      .select('tracking_domain_id')
      .where('id', '=', s.a.id)
      .executeTakeFirstOrThrow();
    const old = await s.db
      .selectFrom('tracking_domains')
      .select('hostname')
      .where('id', '=', moved.tracking_domain_id)
      .executeTakeFirstOrThrow();
    const renamed = `moved-${old.hostname}`;
    await s.db
      .updateTable('tracking_domains')
      .set({ hostname: renamed })
      .where('id', '=', moved.tracking_domain_id)
      .execute();
    try {
      const res = await redeem(link.token, { ...s.a, hostname: renamed });
      expect(res.status).toBe(401);
      expect((await json(res)).error.code).toBe('login_link_invalid');
    } finally {
      await s.db
        .updateTable('tracking_domains')
        .set({ hostname: old.hostname })
        .where('id', '=', moved.tracking_domain_id)
        .execute();
    }
  });

  it('redeems atomically: ten parallel redemptions give exactly one session', async () => {
    const customer = await s.registeredCustomer();
    const link = await mint(customer.id);
    const results = await Promise.all(Array.from({ length: 10 }, () => redeem(link.token)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 410, 410, 410, 410, 410, 410, 410, 410, 410]);
    expect(results.filter((r) => sessionCookie(r))).toHaveLength(1);
    expect(await liveSessions(customer.id)).toHaveLength(1);
  });

  it('rotates: the session the browser carried is revoked', async () => {
    const first = await s.registeredCustomer();
    const second = await s.registeredCustomer();
    const cookie = sessionCookie(await redeem((await mint(first.id)).token));
    const res = await redeem((await mint(second.id)).token, s.a, { cookie });
    expect(res.status).toBe(200);
    expect(sessionCookie(res)).not.toBe(cookie);
    expect(await liveSessions(first.id)).toHaveLength(0);
    expect((await req(s.t.app, s.a, 'GET', '/session', undefined, { cookie })).status).toBe(401);
  });

  it('drops a deep link whose permission was turned off since minting', async () => {
    const customer = await s.registeredCustomer();
    const link = await mint(customer.id, { deep_link: { flow: 'update_payment_method' } });
    await withPortalPermissions(s.db, s.a.id, ['contact_modify'], async () => {
      const res = await redeem(link.token);
      expect(res.status).toBe(200);
      expect((await json(res)).deep_link).toBeNull();
    });
  });

  it('burns the link of a customer disabled since minting, with no session', async () => {
    const customer = await s.registeredCustomer();
    const link = await mint(customer.id);
    await s.db
      .updateTable('customers')
      .set({ status: 'disabled' })
      .where('id', '=', customer.id)
      .execute();
    const res = await redeem(link.token);
    expect(res.status).toBe(401);
    expect((await json(res)).error.code).toBe('login_link_invalid');
    expect(await liveSessions(customer.id)).toHaveLength(0);
    await s.db
      .updateTable('customers')
      .set({ status: 'enabled' })
      .where('id', '=', customer.id)
      .execute();
    expect((await redeem(link.token)).status, 'burned').toBe(410);
  });

  it('needs the CSRF header, an allowed origin and a token', async () => {
    const customer = await s.registeredCustomer();
    const link = await mint(customer.id);
    expect((await redeem(link.token, s.a, { csrf: null })).status).toBe(403);
    expect((await redeem(link.token, s.a, { origin: 'https://evil.example' })).status).toBe(403);
    const empty = await req(s.t.app, s.a, 'POST', '/login-links/redeem', {});
    expect(empty.status).toBe(400);
    const extra = await req(s.t.app, s.a, 'POST', '/login-links/redeem', {
      token: link.token,
      customer_id: customer.id,
    });
    expect(extra.status).toBe(400);
    // The refused requests did not spend it.
    expect((await redeem(link.token)).status).toBe(200);
  });

  it('limits redemptions per client IP (429 with Retry-After)', async () => {
    const ip = '192.0.2.99';
    for (let i = 0; i < REDEEMS_PER_IP; i++) {
      expect((await redeem('junk', s.a, { ip })).status).toBe(401);
    }
    const customer = await s.registeredCustomer();
    const res = await redeem((await mint(customer.id)).token, s.a, { ip });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
