import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { json } from '../../testing/harness.js';
import {
  createShopperTestContext,
  makeSubscription,
  type ShopperTestContext,
} from '../../testing/shopper-harness.js';
import { startReceiver, tableResolver } from '../../testing/webhook-receiver.js';
import type { EgressPolicy } from './egress.js';
import { createWebhookWorker, retryDelayMs } from './worker.js';

describe('webhook delivery to a real local receiver', () => {
  let t: ShopperTestContext;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let other: Awaited<ReturnType<typeof startReceiver>>;
  /** The workers' clock runs ahead of real time by this much (retries come due). */
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const resolverCalls: string[] = [];
  const loopbackOk: EgressPolicy = {
    allowLoopback: true,
    resolver: tableResolver({ 'receiver.localhost': ['127.0.0.1'] }, resolverCalls),
  };

  beforeAll(async () => {
    t = await createShopperTestContext();
    receiver = await startReceiver();
    other = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await other.close();
    await t.close();
  });
  beforeEach(async () => {
    receiver.requests.length = 0;
    other.requests.length = 0;
    receiver.status(200);
    offsetMs = 0;
    // Each test starts from no endpoints and no pending events.
    await t.handle.db.deleteFrom('webhook_endpoints').execute();
    await t.handle.db.deleteFrom('outbox').execute();
  });

  const worker = (egress: EgressPolicy = loopbackOk, extra = {}) =>
    createWebhookWorker({
      db: t.handle.db,
      logger: t.deps.logger,
      egress,
      clock: now,
      baseDelayMs: 1_000,
      maxDelayMs: 60_000,
      random: () => 0.5,
      ...extra,
    });

  const endpoint = async (url: string, body: Record<string, unknown> = {}) => {
    const res = await t.admin('POST', '/webhook-endpoints', { url, ...body });
    expect(res.status, await res.clone().text()).toBe(201);
    return json(res) as Promise<{ id: string; secret: string }>;
  };

  /** Runs rounds, moving the clock past each retry delay, until nothing is left to do. */
  const drain = async (w: ReturnType<typeof worker>, rounds = 10) => {
    for (let i = 0; i < rounds; i++) {
      await w.drainOnce();
      offsetMs += 120_000;
    }
  };

  const log = async (id: string) =>
    (await json(t.admin('GET', `/webhook-endpoints/${id}/deliveries`))).data as Array<{
      attempt: number;
      status_code: number | null;
      error: string | null;
      succeeded: boolean;
      event_type: string;
      event_id: string;
      duration_ms: number;
    }>;

  it('signs each delivery per Standard Webhooks; the standardwebhooks package verifies it', async () => {
    const ep = await endpoint(`http://127.0.0.1:${receiver.port}/hooks`);
    expect(ep.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const s = await t.newShopper();
    const card = await t.addCard(s);
    await worker().drainOnce();
    expect(receiver.requests).toHaveLength(1);
    const req = receiver.requests[0];
    if (!req) throw new Error('no request');
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/hooks');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const event = receiver.verify(req, ep.secret) as Record<string, unknown>;
    expect(event).toMatchObject({
      id: req.headers['webhook-id'],
      type: 'card.added',
      data: {
        customer_id: s.customerId,
        portal_id: s.portalId,
        card_id: card.id,
        brand: 'visa',
        last4: '4242',
        exp_month: 12,
        exp_year: 2099,
      },
    });
    expect(Math.abs(Number(req.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(2);
    expect(() => receiver.verify(req, `whsec_${Buffer.alloc(32).toString('base64')}`)).toThrow();

    const entries = await log(ep.id);
    expect(entries).toEqual([
      expect.objectContaining({
        attempt: 1,
        status_code: 200,
        error: null,
        succeeded: true,
        event_type: 'card.added',
        event_id: req.headers['webhook-id'],
      }),
    ]);
  });

  it('a receiver outage loses nothing: 500s are retried with backoff until it answers', async () => {
    const ep = await endpoint(`http://127.0.0.1:${receiver.port}/hooks`);
    receiver.status(500);
    const s = await t.newShopper();
    const sub = await makeSubscription(t, s);
    const res = await s.req('POST', `/subscriptions/${sub.id}/cancel`, {
      reason: 'Too expensive',
      comment: 'I will be back in spring',
    });
    expect(res.status, 'the action succeeds while the receiver is down').toBe(200);
    const w = worker();
    await w.drainOnce();
    await w.drainOnce(); // not due yet: the backoff holds it
    expect(receiver.requests).toHaveLength(1);
    offsetMs += 1_000;
    await w.drainOnce();
    expect(receiver.requests).toHaveLength(2);
    receiver.status(204);
    offsetMs += 2_000;
    await w.drainOnce();
    await drain(w, 3);
    expect(receiver.requests).toHaveLength(3);
    const ids = new Set(receiver.requests.map((r) => r.headers['webhook-id']));
    expect(ids.size, 'every retry carries the same webhook-id').toBe(1);
    const last = receiver.requests[2];
    if (!last) throw new Error('no request');
    expect(receiver.verify(last, ep.secret)).toMatchObject({
      type: 'subscription.cancelled',
      data: {
        subscription_id: sub.id,
        reason: 'Too expensive',
        comment: 'I will be back in spring',
        previous_status: 'active',
        status: 'cancelled',
        subscription: { id: sub.id, product_name: 'Gold Box', amount: 2999, status: 'cancelled' },
      },
    });
    const entries = await log(ep.id);
    expect(entries.map((e) => [e.attempt, e.status_code, e.succeeded])).toEqual([
      [3, 204, true],
      [2, 500, false],
      [1, 500, false],
    ]);
    expect(entries[1]?.error).toBe('receiver answered 500');
  });

  it('backs off exponentially with jitter', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 1000, 5000, () => 0))).toEqual([
      500, 1000, 2000, 2500,
    ]);
    expect(retryDelayMs(2, 1000, 5000, () => 0.999)).toBe(1999);
  });

  it('marks a delivery dead after maxAttempts, logging each attempt', async () => {
    const ep = await endpoint(`http://127.0.0.1:${receiver.port}/hooks`);
    receiver.status(503);
    const s = await t.newShopper();
    await t.addCard(s);
    await drain(worker(loopbackOk, { maxAttempts: 3 }), 6);
    expect(receiver.requests).toHaveLength(3);
    const row = await t.handle.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('endpoint_id', '=', ep.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'dead', attempts: 3, last_status_code: 503 });
    expect(await log(ep.id)).toHaveLength(3);
  });

  it('does not follow redirects: a 3xx is a failed attempt and the target gets nothing', async () => {
    const ep = await endpoint(`http://127.0.0.1:${receiver.port}/hooks`);
    receiver.status(307, { location: `http://127.0.0.1:${other.port}/stolen` });
    const s = await t.newShopper();
    await t.addCard(s);
    await worker().drainOnce();
    expect(receiver.requests).toHaveLength(1);
    expect(other.requests).toHaveLength(0);
    expect((await log(ep.id))[0]).toMatchObject({
      status_code: 307,
      succeeded: false,
      error: 'redirect (307) not followed',
    });
  });

  it('gives up on a receiver that does not answer within the timeout', async () => {
    const ep = await endpoint(`http://127.0.0.1:${receiver.port}/hooks`);
    receiver.answerWith(() => {}); // never answers
    const s = await t.newShopper();
    await t.addCard(s);
    await worker(loopbackOk, { timeoutMs: 200 }).drainOnce();
    expect((await log(ep.id))[0]).toMatchObject({
      status_code: null,
      succeeded: false,
      error: 'no answer within 200 ms',
    });
  });

  it('resolves once per attempt and connects to the checked address (pinned)', async () => {
    resolverCalls.length = 0;
    await endpoint(`http://receiver.localhost:${receiver.port}/pinned`);
    const s = await t.newShopper();
    await t.addCard(s);
    await worker().drainOnce();
    expect(resolverCalls).toEqual(['receiver.localhost']);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]?.headers.host).toBe(`receiver.localhost:${receiver.port}`);
  });

  it.each([
    ['loopback (policy off)', ['127.0.0.1'], '127.0.0.1 is a loopback address'],
    ['private', ['10.1.2.3'], '10.1.2.3 is a non-public address'],
    ['link-local metadata', ['169.254.169.254'], '169.254.169.254 is a non-public address'],
    ['CGNAT', ['100.64.0.9'], '100.64.0.9 is a non-public address'],
    ['unique-local v6', ['fd12::1'], 'fd12::1 is a non-public address'],
    ['v4-mapped v6 of loopback', ['::ffff:127.0.0.1'], '::ffff:127.0.0.1 is a loopback address'],
    ['v4-mapped v6 of private', ['::ffff:a00:1'], '::ffff:a00:1 is a non-public address'],
    ['one public and one private', ['93.184.215.14', '192.168.1.1'], '192.168.1.1 is a non-public'],
  ])('refuses a name resolving to %s, before connecting', async (_label, addresses, error) => {
    const ep = await endpoint('https://hooks.merchant.test/in');
    const s = await t.newShopper();
    await t.addCard(s);
    const strict: EgressPolicy = {
      allowLoopback: false,
      resolver: tableResolver({ 'hooks.merchant.test': addresses }),
    };
    await worker(strict).drainOnce();
    const [entry] = await log(ep.id);
    expect(entry?.status_code).toBeNull();
    expect(entry?.error).toContain(`refused: hooks.merchant.test resolves to ${error}`);
  });

  it('refuses loopback when the policy does not allow it, even for an IP-literal URL', async () => {
    const ep = await endpoint(`http://127.0.0.1:${receiver.port}/hooks`);
    const s = await t.newShopper();
    await t.addCard(s);
    await worker({ allowLoopback: false, resolver: tableResolver({}) }).drainOnce();
    expect(receiver.requests).toHaveLength(0);
    expect((await log(ep.id))[0]?.error).toBe(
      'refused: 127.0.0.1 resolves to 127.0.0.1 is a loopback address',
    );
  });

  it('fans each event out to the enabled endpoints whose filter takes it', async () => {
    const all = await endpoint(`http://127.0.0.1:${receiver.port}/all`);
    const onlyCancel = await endpoint(`http://127.0.0.1:${other.port}/cancel`, {
      events: ['subscription.cancelled'],
    });
    const disabled = await endpoint(`http://127.0.0.1:${other.port}/off`, { enabled: false });
    const s = await t.newShopper();
    await t.addCard(s);
    const sub = await makeSubscription(t, s);
    await s.req('POST', `/subscriptions/${sub.id}/cancel`, {});
    // Another merchant's endpoint never sees this account's events.
    const otherAccount = await t.newAccount('Other merchant');
    const foreign = await json(
      t.admin(
        'POST',
        '/webhook-endpoints',
        { url: `http://127.0.0.1:${other.port}/foreign` },
        otherAccount.key,
      ),
    );
    await worker().drainOnce();
    const types = (r: typeof receiver) =>
      r.requests.map((q) => `${q.url} ${(JSON.parse(q.body) as { type: string }).type}`).sort();
    expect(types(receiver)).toEqual(['/all card.added', '/all subscription.cancelled']);
    expect(types(other)).toEqual(['/cancel subscription.cancelled']);
    expect(await log(disabled.id)).toEqual([]);
    expect(await log(all.id)).toHaveLength(2);
    expect(await log(onlyCancel.id)).toHaveLength(1);
    expect(foreign.id).toBeDefined();
  });

  it('a disabled endpoint keeps its pending deliveries and sends them once enabled again', async () => {
    const ep = await endpoint(`http://127.0.0.1:${receiver.port}/hooks`);
    receiver.status(500);
    const s = await t.newShopper();
    await t.addCard(s);
    const w = worker();
    await w.drainOnce();
    await t.admin('PATCH', `/webhook-endpoints/${ep.id}`, { enabled: false });
    receiver.status(200);
    await drain(w, 2);
    expect(receiver.requests).toHaveLength(1);
    await t.admin('PATCH', `/webhook-endpoints/${ep.id}`, { enabled: true });
    await drain(w, 1);
    expect(receiver.requests).toHaveLength(2);
  });

  it('after a secret rotation both secrets sign for 24 hours, then only the new one', async () => {
    const ep = await endpoint(`http://127.0.0.1:${receiver.port}/hooks`);
    const rotated = await json(t.admin('POST', `/webhook-endpoints/${ep.id}/rotate-secret`));
    expect(rotated.secret).toMatch(/^whsec_/);
    expect(rotated.secret).not.toBe(ep.secret);
    const s = await t.newShopper();
    await t.addCard(s);
    await worker().drainOnce();
    const during = receiver.requests[0];
    if (!during) throw new Error('no request');
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(receiver.verify(during, rotated.secret)).toBeTruthy();
    expect(receiver.verify(during, ep.secret)).toBeTruthy();

    const grace = await t.handle.db
      .selectFrom('webhook_endpoints')
      .select('previous_secret_expires_at')
      .where('id', '=', ep.id)
      .executeTakeFirstOrThrow();
    const expected = Date.now() + 24 * 3600_000;
    expect(Math.abs(Number(grace.previous_secret_expires_at) - expected)).toBeLessThan(10_000);
    // The grace period ends.
    await t.handle.db
      .updateTable('webhook_endpoints')
      .set({ previous_secret_expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', ep.id)
      .execute();
    await t.addCard(s, '5555555555554444');
    await worker().drainOnce();
    const after = receiver.requests[1];
    if (!after) throw new Error('no request');
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(receiver.verify(after, rotated.secret)).toBeTruthy();
    expect(() => receiver.verify(after, ep.secret)).toThrow();
  });

  it('two workers fan out and deliver every event exactly once', async () => {
    await endpoint(`http://127.0.0.1:${receiver.port}/hooks`);
    const s = await t.newShopper();
    for (let i = 0; i < 6; i++)
      await makeSubscription(t, s).then((sub) =>
        s.req('POST', `/subscriptions/${sub.id}/suspend`, {}),
      );
    const a = worker();
    const b = worker();
    for (let i = 0; i < 4; i++) await Promise.all([a.drainOnce(), b.drainOnce()]);
    expect(receiver.requests).toHaveLength(6);
    expect(new Set(receiver.requests.map((r) => r.headers['webhook-id'])).size).toBe(6);
  });
});
