import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json } from '../../testing/harness.js';
import {
  createShopperTestContext,
  makeSalvage,
  makeSubscription,
  type Shopper,
  type ShopperTestContext,
} from '../../testing/shopper-harness.js';

describe('shopper payment history', () => {
  let t: ShopperTestContext;
  beforeAll(async () => {
    t = await createShopperTestContext();
  });
  afterAll(() => t.close());

  let seq = 0;
  const charge = async (
    s: Shopper,
    opts: {
      status?: 'pending' | 'succeeded' | 'failed';
      subscriptionId?: string;
      cardId?: string | null;
      at: string;
      amount?: number;
    },
  ) =>
    t.handle.db
      .insertInto('transactions')
      .values({
        account_id: s.accountId,
        customer_id: s.customerId,
        card_id: opts.cardId ?? null,
        kind: 'renewal',
        subscription_id: opts.subscriptionId ?? null,
        portal_id: s.portalId,
        amount: opts.amount ?? 2999,
        currency: 'USD',
        status: opts.status ?? 'succeeded',
        gateway: 'sandbox',
        gateway_idempotency_key: `test:${++seq}:${crypto.randomUUID()}`,
        created_at: new Date(opts.at),
      })
      .returning('id')
      .executeTakeFirstOrThrow();

  it('lists the shopper’s charges newest first, with product, kind and card, paged', async () => {
    const s = await t.newShopper();
    const card = await t.addCard(s, '5555555555554444', true);
    const sub = await makeSubscription(t, s, { name: 'Gold Box', cardId: card.id });
    const older = await charge(s, { subscriptionId: sub.id, cardId: card.id, at: '2026-09-01' });
    const failed = await charge(s, {
      subscriptionId: sub.id,
      cardId: card.id,
      status: 'failed',
      at: '2026-10-01',
    });
    const newest = await charge(s, { subscriptionId: sub.id, at: '2026-11-01', amount: 1000 });

    const first = await json(s.req('GET', '/transactions?limit=2'));
    expect(first.data.map((r: { id: string }) => r.id)).toEqual([newest.id, failed.id]);
    expect(first.data[1]).toEqual({
      id: failed.id,
      created_at: '2026-10-01T00:00:00.000Z',
      kind: 'renewal',
      status: 'failed',
      amount: 2999,
      currency: 'USD',
      product_name: 'Gold Box',
      card: { brand: 'mastercard', last4: '4444' },
      receipt_available: false,
    });
    expect(first.data[0].card).toBeNull();
    expect(first.data[0].receipt_available).toBe(true);
    expect(first.next_cursor).toEqual(expect.any(String));

    const second = await json(s.req('GET', `/transactions?limit=2&cursor=${first.next_cursor}`));
    expect(second.data.map((r: { id: string }) => r.id)).toEqual([older.id]);
    expect(second.next_cursor).toBeNull();
  });

  it('names what a paid failed payment was for, through the real pay flow', async () => {
    const s = await t.newShopper();
    await t.addCard(s, '4242424242424242', true);
    const salvage = await makeSalvage(t, s);
    const paid = await s.req(
      'POST',
      `/salvage-transactions/${salvage.id}/pay`,
      {},
      {
        'idempotency-key': `key-${crypto.randomUUID()}`,
      },
    );
    expect(paid.status).toBe(200);
    const page = await json(s.req('GET', '/transactions'));
    expect(page.data).toHaveLength(1);
    expect(page.data[0]).toMatchObject({
      kind: 'salvage',
      status: 'succeeded',
      product_name: 'Gold Box',
      card: { brand: 'visa', last4: '4242' },
      receipt_available: true,
    });
  });

  it('never shows another customer’s charges', async () => {
    const a = await t.newShopper();
    const b = await t.newShopper({ portalId: a.portalId });
    await charge(a, { at: '2026-11-02' });
    const page = await json(b.req('GET', '/transactions'));
    expect(page.data).toEqual([]);
  });

  it('serves a printable, escaped receipt under a strict CSP', async () => {
    const s = await t.newShopper();
    const card = await t.addCard(s, '4242424242424242', true);
    const sub = await makeSubscription(t, s, { name: '<script>alert(1)</script> Box' });
    const tx = await charge(s, { subscriptionId: sub.id, cardId: card.id, at: '2026-11-03' });

    const res = await s.req('GET', `/transactions/${tx.id}/receipt`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const page = await res.text();
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt; Box');
    expect(page).toContain('Brand A'); // portal display name
    expect(page).toContain('Test merchant'); // merchant (account) name
    expect(page).toContain('$29.99');
    expect(page).toContain('ending in 4242');
    expect(page).toContain(tx.id);
    const nonce = /style-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(page).toContain(`<style nonce="${nonce}">`);
  });

  it('answers 404 for another customer’s, unsucceeded, unknown or malformed receipts', async () => {
    const a = await t.newShopper();
    const b = await t.newShopper({ portalId: a.portalId });
    const theirs = await charge(a, { at: '2026-11-04' });
    const failed = await charge(b, { status: 'failed', at: '2026-11-04' });
    const pending = await charge(b, { status: 'pending', at: '2026-11-04' });
    for (const id of [theirs.id, failed.id, pending.id, crypto.randomUUID(), 'nope']) {
      const res = await b.req('GET', `/transactions/${id}/receipt`);
      expect(res.status, id).toBe(404);
      expect((await json(res)).error.code).toBe('not_found');
    }
    // The owner still gets theirs.
    expect((await a.req('GET', `/transactions/${theirs.id}/receipt`)).status).toBe(200);
  });

  it('refuses bad paging input and anonymous callers', async () => {
    const s = await t.newShopper();
    for (const q of ['limit=0', 'limit=51', 'limit=x', 'cursor=zzz', 'status=failed']) {
      const res = await s.req('GET', `/transactions?${q}`);
      expect(res.status, q).toBe(400);
    }
    const anonymous = await t.app.request(
      `http://localhost/api/portals/${s.portalId}/transactions`,
    );
    expect(anonymous.status).toBe(401);
  });
});
