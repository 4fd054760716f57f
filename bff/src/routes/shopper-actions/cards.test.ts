import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARD_ATTEMPT_LIMITS } from '../../services/payments/card-attempt-limit.js';
import { json } from '../../testing/harness.js';
import {
  createShopperTestContext,
  effectCounts,
  makeSubscription,
  type ShopperTestContext,
  sandboxToken,
} from '../../testing/shopper-harness.js';

describe('shopper cards', () => {
  let t: ShopperTestContext;
  beforeAll(async () => {
    t = await createShopperTestContext();
  });
  afterAll(() => t.close());

  const cardsOf = async (customerId: string) =>
    t.handle.db
      .selectFrom('customer_cards')
      .selectAll()
      .where('customer_id', '=', customerId)
      .where('removed_at', 'is', null)
      .orderBy('created_at')
      .execute();

  it('attaches a token; the first card becomes default, later ones only when asked', async () => {
    const s = await t.newShopper();
    const first = await s.req('POST', '/cards', {
      gateway_token: await sandboxToken(t, '4242424242424242'),
    });
    expect(first.status).toBe(201);
    expect(await json(first)).toMatchObject({
      brand: 'visa',
      last4: '4242',
      exp_month: 12,
      exp_year: 2099,
      is_default: true,
    });
    await t.addCard(s, '5555555555554444');
    const third = await t.addCard(s, '6011111111111117', true);
    const rows = await cardsOf(s.customerId);
    expect(rows.map((r) => [r.brand, r.is_default])).toEqual([
      ['visa', false],
      ['mastercard', false],
      ['discover', true],
    ]);
    expect(rows[2]?.id).toBe(third.id);
    const note = await t.handle.db
      .selectFrom('customer_notes')
      .select('body')
      .where('customer_id', '=', s.customerId)
      .orderBy('created_at')
      .executeTakeFirstOrThrow();
    expect(note.body).toBe('Added card visa ending 4242 via portal Brand A');
  });

  it('refuses a card number or CVC in the body with 400 card_data_not_accepted', async () => {
    const s = await t.newShopper();
    const before = await effectCounts(t);
    for (const body of [
      { card_number: '4242424242424242' },
      { gateway_token: 'tok_x', cvc: '123' },
      { gateway_token: '4242424242424242' },
      { number: '4000 0000 0000 0002', exp_month: 1 },
    ]) {
      const res = await s.req('POST', '/cards', body);
      expect(res.status, JSON.stringify(Object.keys(body))).toBe(400);
      expect((await json(res)).error.code).toBe('card_data_not_accepted');
    }
    const after = await effectCounts(t);
    expect(after.customer_cards).toBe(before.customer_cards);
  });

  it('refuses unknown, reused and malformed tokens with 400', async () => {
    const s = await t.newShopper();
    const other = await t.newShopper();
    const unknown = await s.req('POST', '/cards', { gateway_token: 'tok_doesnotexist' });
    expect(unknown.status).toBe(400);
    expect((await json(unknown)).error.code).toBe('card_token_invalid');
    const token = await sandboxToken(t, '4242424242424242');
    expect((await s.req('POST', '/cards', { gateway_token: token })).status).toBe(201);
    const reused = await other.req('POST', '/cards', { gateway_token: token });
    expect(reused.status).toBe(400);
    expect((await json(reused)).error.code).toBe('card_token_invalid');
    const extra = await s.req('POST', '/cards', { gateway_token: token, is_default: true });
    expect(extra.status).toBe(400);
    expect((await json(extra)).error.code).toBe('validation_failed');
  });

  it('limits add-card attempts per customer with 429 and Retry-After', async () => {
    const s = await t.newShopper();
    let last: Response | undefined;
    for (let i = 0; i <= CARD_ATTEMPT_LIMITS.perCustomer.max; i++) {
      last = await s.req('POST', '/cards', { gateway_token: `tok_guess_${i}` });
    }
    expect(last?.status).toBe(429);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await json(last as Response)).error.code).toBe('rate_limited');
  });

  it('limits add-card attempts per client IP across customers', async () => {
    const ctx = await createShopperTestContext();
    try {
      const statuses: number[] = [];
      for (let i = 0; i <= CARD_ATTEMPT_LIMITS.perIp.max; i++) {
        const s = await ctx.newShopper({ permissions: ['credit_card_add'] });
        const res = await s.req(
          'POST',
          '/cards',
          { gateway_token: 'tok_guess' },
          { 'x-forwarded-for': '203.0.113.9' },
        );
        statuses.push(res.status);
      }
      expect(statuses.at(-1)).toBe(429);
      expect(statuses.slice(0, -1).every((x) => x === 400)).toBe(true);
    } finally {
      await ctx.close();
    }
  });

  it('removes a card; the newest other card becomes default and pinned subscriptions fall back', async () => {
    const s = await t.newShopper();
    const a = await t.addCard(s);
    const b = await t.addCard(s, '5555555555554444');
    const sub = await makeSubscription(t, s, { cardId: a.id });
    const res = await s.req('DELETE', `/cards/${a.id}`);
    expect(res.status).toBe(200);
    expect((await json(res)).data).toEqual([
      expect.objectContaining({ id: b.id, is_default: true }),
    ]);
    const after = await t.handle.db
      .selectFrom('subscriptions')
      .select('card_id')
      .where('id', '=', sub.id)
      .executeTakeFirstOrThrow();
    expect(after.card_id).toBeNull();
    expect((await s.req('DELETE', `/cards/${a.id}`)).status).toBe(404);
  });

  it('refuses to remove the only card backing an active subscription (409 last_card_in_use)', async () => {
    const s = await t.newShopper();
    const a = await t.addCard(s);
    await makeSubscription(t, s);
    const before = await effectCounts(t);
    const res = await s.req('DELETE', `/cards/${a.id}`);
    expect(res.status).toBe(409);
    expect((await json(res)).error.code).toBe('last_card_in_use');
    expect(await effectCounts(t)).toEqual(before);
    // With a cancelled subscription only, the last card may go.
    const free = await t.newShopper();
    const c = await t.addCard(free);
    await makeSubscription(t, free, { status: 'cancelled' });
    expect((await free.req('DELETE', `/cards/${c.id}`)).status).toBe(200);
  });

  it('sets the default card', async () => {
    const s = await t.newShopper();
    await t.addCard(s);
    const b = await t.addCard(s, '378282246310005');
    const res = await s.req('POST', `/cards/${b.id}/default`, {});
    expect(res.status).toBe(200);
    const rows = await cardsOf(s.customerId);
    expect(rows.filter((r) => r.is_default).map((r) => r.id)).toEqual([b.id]);
  });

  it("gives another customer's card (same portal, sibling portal, other account) the 404 of an unknown id", async () => {
    const s = await t.newShopper();
    const samePortal = await t.newShopper({ portalId: s.portalId });
    const sibling = await t.newShopper();
    const otherAccount = await t.newShopper({ accountId: (await t.newAccount('Other')).id });
    const unknown = await json(s.req('DELETE', '/cards/00000000-0000-4000-8000-000000000000'));
    for (const owner of [samePortal, sibling, otherAccount]) {
      const card = await t.addCard(owner);
      const before = await effectCounts(t);
      const del = await s.req('DELETE', `/cards/${card.id}`);
      expect(del.status).toBe(404);
      expect(await json(del)).toEqual(unknown);
      expect((await s.req('POST', `/cards/${card.id}/default`, {})).status).toBe(404);
      expect(await effectCounts(t)).toEqual(before);
    }
    expect((await s.req('DELETE', '/cards/not-a-uuid')).status).toBe(404);
  });

  it('refuses each card action when its permission is off', async () => {
    const s = await t.newShopper();
    const card = await t.addCard(s);
    const none = await t.withPermissions(s, []);
    for (const [method, path, body] of [
      ['POST', '/cards', { gateway_token: 'tok_x' }],
      ['DELETE', `/cards/${card.id}`, undefined],
      ['POST', `/cards/${card.id}/default`, {}],
    ] as const) {
      const res = await none.req(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect((await json(res)).error.code).toBe('permission_denied');
    }
  });
});
