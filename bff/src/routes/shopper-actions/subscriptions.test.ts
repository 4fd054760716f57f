import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json } from '../../testing/harness.js';
import {
  createShopperTestContext,
  effectCounts,
  makeSubscription,
  type Shopper,
  type ShopperTestContext,
} from '../../testing/shopper-harness.js';

const ADDRESS = { line1: '2 Side St', city: 'Shelbyville', country: 'US' };
const key = () => `key-${crypto.randomUUID()}`;

describe('shopper subscription actions', () => {
  let t: ShopperTestContext;
  beforeAll(async () => {
    t = await createShopperTestContext();
  });
  afterAll(() => t.close());

  const status = async (id: string) =>
    (
      await t.handle.db
        .selectFrom('subscriptions')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).status;

  const renew = (s: Shopper, id: string, body: unknown = {}, k: string | null = key()) =>
    s.req('POST', `/subscriptions/${id}/renew`, body, k ? { 'idempotency-key': k } : {});

  it('suspends, activates and cancels along legal transitions, with note and webhook', async () => {
    const s = await t.newShopper();
    const sub = await makeSubscription(t, s);
    const suspended = await s.req('POST', `/subscriptions/${sub.id}/suspend`, {});
    expect(suspended.status).toBe(200);
    expect((await json(suspended)).status).toBe('suspended');
    expect((await s.req('POST', `/subscriptions/${sub.id}/activate`, {})).status).toBe(200);
    const cancelled = await s.req('POST', `/subscriptions/${sub.id}/cancel`, {
      reason: 'Too expensive',
    });
    expect((await json(cancelled)).status).toBe('cancelled');
    const row = await t.handle.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('id', '=', sub.id)
      .executeTakeFirstOrThrow();
    expect(row.cancel_reason).toBe('Too expensive');
    const notes = await t.handle.db
      .selectFrom('customer_notes')
      .select('body')
      .where('customer_id', '=', s.customerId)
      .orderBy('created_at')
      .execute();
    expect(notes.map((n) => n.body)).toEqual([
      'Suspended subscription Gold Box via portal Brand A',
      'Activated subscription Gold Box via portal Brand A',
      'Cancelled subscription Gold Box via portal Brand A. Reason: Too expensive',
    ]);
    const webhook = await t.handle.db
      .selectFrom('outbox')
      .select('payload')
      .where('kind', '=', 'webhook')
      .execute();
    expect(webhook.map((w) => w.payload)).toContainEqual(
      expect.objectContaining({
        type: 'subscription.cancelled',
        data: expect.objectContaining({ subscription_id: sub.id, reason: 'Too expensive' }),
      }),
    );
    const reactivated = await s.req('POST', `/subscriptions/${sub.id}/activate`, {});
    expect((await json(reactivated)).status).toBe('active');
  });

  it('answers illegal transitions with 409 invalid_state and changes nothing', async () => {
    const s = await t.newShopper();
    const active = await makeSubscription(t, s);
    const cancelled = await makeSubscription(t, s, { status: 'cancelled' });
    const before = await effectCounts(t);
    for (const [id, action] of [
      [active.id, 'activate'],
      [cancelled.id, 'suspend'],
      [cancelled.id, 'cancel'],
    ] as const) {
      const res = await s.req('POST', `/subscriptions/${id}/${action}`, {});
      expect(res.status, action).toBe(409);
      expect((await json(res)).error.code).toBe('invalid_state');
    }
    const renewCancelled = await renew(s, cancelled.id);
    expect(renewCancelled.status).toBe(409);
    expect(await effectCounts(t)).toEqual({
      ...before,
      idempotency_keys: (before.idempotency_keys ?? 0) + 1,
    });
    expect(await status(active.id)).toBe('active');
  });

  it('rejects fields a shopper may not set', async () => {
    const s = await t.newShopper();
    const sub = await makeSubscription(t, s);
    for (const [path, body] of [
      ['suspend', { status: 'active' }],
      ['cancel', { reason: 'x'.repeat(500) }],
      ['activate', { amount: 1 }],
    ] as const) {
      const res = await s.req('POST', `/subscriptions/${sub.id}/${path}`, body);
      expect(res.status, path).toBe(400);
    }
    expect((await renew(s, sub.id, { amount: 1 })).status).toBe(400);
    const leak = await s.req('POST', `/subscriptions/${sub.id}/cancel`, {
      comment: 'refund to 4242-4242-4242-4242 please',
    });
    expect((await json(leak)).error.code).toBe('card_data_not_accepted');
    expect(await status(sub.id)).toBe('active');
  });

  it('changes the ship-to of a subscription, not of a cancelled one', async () => {
    const s = await t.newShopper();
    const sub = await makeSubscription(t, s);
    const res = await s.req('PUT', `/subscriptions/${sub.id}/ship-to`, { ship_to: ADDRESS });
    expect(res.status).toBe(200);
    expect((await json(res)).ship_to).toEqual(ADDRESS);
    const gone = await makeSubscription(t, s, { status: 'cancelled' });
    const refused = await s.req('PUT', `/subscriptions/${gone.id}/ship-to`, { ship_to: ADDRESS });
    expect(refused.status).toBe(409);
    expect((await s.req('PUT', `/subscriptions/${sub.id}/ship-to`, { ship_to: {} })).status).toBe(
      400,
    );
  });

  it('renews with the default card: advances the next renewal and records the transaction', async () => {
    const s = await t.newShopper();
    await t.addCard(s);
    const sub = await makeSubscription(t, s, { amount: 4500 });
    const res = await renew(s, sub.id);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({ status: 'succeeded', amount: 4500, currency: 'USD' });
    const row = await t.handle.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('id', '=', sub.id)
      .executeTakeFirstOrThrow();
    expect(row.next_renewal_at?.toISOString()).toBe('2027-02-15T00:00:00.000Z');
    const tx = await t.handle.db
      .selectFrom('transactions')
      .selectAll()
      .where('id', '=', body.transaction_id)
      .executeTakeFirstOrThrow();
    expect(tx).toMatchObject({
      kind: 'renewal',
      status: 'succeeded',
      subscription_id: sub.id,
      portal_id: s.portalId,
    });
  });

  it('records a declined renewal and changes nothing else', async () => {
    const s = await t.newShopper();
    await t.addCard(s, '4000000000000002');
    const sub = await makeSubscription(t, s);
    const res = await renew(s, sub.id);
    expect(await json(res)).toMatchObject({ status: 'failed', decline_code: 'generic_decline' });
    const row = await t.handle.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('id', '=', sub.id)
      .executeTakeFirstOrThrow();
    expect(row.next_renewal_at?.toISOString()).toBe('2027-01-15T00:00:00.000Z');
    expect(row.status).toBe('active');
  });

  it('needs an Idempotency-Key to renew and replays the first answer', async () => {
    const s = await t.newShopper();
    await t.addCard(s);
    const sub = await makeSubscription(t, s);
    expect((await renew(s, sub.id, {}, null)).status).toBe(400);
    const k = key();
    const first = await json(renew(s, sub.id, {}, k));
    const again = await json(renew(s, sub.id, {}, k));
    expect(again).toEqual(first);
    const txs = await t.handle.db
      .selectFrom('transactions')
      .select('id')
      .where('subscription_id', '=', sub.id)
      .execute();
    expect(txs).toHaveLength(1);
  });

  it("hides other customers' subscriptions behind 404 and checks each permission", async () => {
    const s = await t.newShopper();
    const other = await t.newShopper({ portalId: s.portalId });
    await t.addCard(other);
    const theirs = await makeSubscription(t, other);
    const before = await effectCounts(t);
    for (const action of ['activate', 'suspend', 'cancel']) {
      expect((await s.req('POST', `/subscriptions/${theirs.id}/${action}`, {})).status).toBe(404);
    }
    expect((await renew(s, theirs.id)).status).toBe(404);
    expect(
      (await s.req('PUT', `/subscriptions/${theirs.id}/ship-to`, { ship_to: ADDRESS })).status,
    ).toBe(404);
    expect(await effectCounts(t)).toEqual(before);
    expect(await status(theirs.id)).toBe('active');

    const mine = await makeSubscription(t, s);
    const none = await t.withPermissions(s, []);
    for (const action of ['activate', 'suspend', 'cancel']) {
      expect((await none.req('POST', `/subscriptions/${mine.id}/${action}`, {})).status).toBe(403);
    }
    expect((await renew(none, mine.id)).status).toBe(403);
    expect(
      (await none.req('PUT', `/subscriptions/${mine.id}/ship-to`, { ship_to: ADDRESS })).status,
    ).toBe(403);
  });

  it('writes the state change, audit, note and outbox row together or not at all', async () => {
    const s = await t.newShopper();
    const sub = await makeSubscription(t, s);
    // A real database fault on the last write of the action: the outbox refuses rows.
    await sql`create function refuse_outbox() returns trigger language plpgsql as
      $$ begin raise exception 'outbox unavailable'; end $$`.execute(t.handle.db);
    await sql`create trigger refuse_outbox before insert on outbox
      for each row execute function refuse_outbox()`.execute(t.handle.db);
    const before = await effectCounts(t);
    try {
      const res = await s.req('POST', `/subscriptions/${sub.id}/cancel`, { reason: 'x' });
      expect(res.status).toBe(500);
    } finally {
      await sql`drop trigger refuse_outbox on outbox`.execute(t.handle.db);
      await sql`drop function refuse_outbox()`.execute(t.handle.db);
    }
    expect(await status(sub.id)).toBe('active');
    expect(await effectCounts(t)).toEqual(before);
  });
});
