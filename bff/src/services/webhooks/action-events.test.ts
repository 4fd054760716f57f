import { WEBHOOK_EVENT_TYPES } from '@portico/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createShopperTestContext,
  makeSalvage,
  makeSubscription,
  makeTrial,
  type Shopper,
  type ShopperTestContext,
} from '../../testing/shopper-harness.js';

const ADDRESS = { line1: '2 Side St', city: 'Shelbyville', country: 'US' };
const key = () => ({ 'idempotency-key': `key-${crypto.randomUUID()}` });

/** Each portal action writes exactly one webhook event, carrying what a merchant needs. */
describe('the event each portal action emits', () => {
  let t: ShopperTestContext;
  let s: Shopper;
  beforeAll(async () => {
    t = await createShopperTestContext();
    s = await t.newShopper();
  });
  afterAll(() => t.close());

  /** Runs the action and returns the one webhook event it wrote. */
  const eventOf = async (action: () => Promise<Response>, status = 200) => {
    const before = await t.handle.db.selectFrom('outbox').select('id').execute();
    const res = await action();
    expect(res.status, await res.clone().text()).toBe(status);
    const rows = await t.handle.db
      .selectFrom('outbox')
      .selectAll()
      .where('kind', '=', 'webhook')
      .where('id', 'not in', before.map((b) => b.id).concat('00000000-0000-0000-0000-000000000000'))
      .execute();
    expect(rows, 'one event per action').toHaveLength(1);
    const payload = rows[0]?.payload as { type: string; data: Record<string, unknown> };
    expect(WEBHOOK_EVENT_TYPES).toContain(payload.type);
    expect(payload.data).toMatchObject({ customer_id: s.customerId, portal_id: s.portalId });
    return payload;
  };

  it('contact and ship-to', async () => {
    expect(
      await eventOf(() => s.req('PATCH', '/account/contact', { first_name: 'Ann', phone: '555' })),
    ).toMatchObject({
      type: 'customer.updated',
      data: { fields: ['first_name', 'phone'], changes: { first_name: 'Ann', phone: '555' } },
    });
    expect(
      await eventOf(() => s.req('PUT', '/account/ship-to', { ship_to: ADDRESS })),
    ).toMatchObject({ type: 'customer.ship_to_updated', data: { ship_to: ADDRESS } });
  });

  it('cards: added, default, removed', async () => {
    const first = await t.addCard(s);
    const addEvent = await eventOf(async () => {
      const second = await t.addCard(s, '5555555555554444');
      return new Response(JSON.stringify(second), { status: 200 });
    });
    expect(addEvent).toMatchObject({
      type: 'card.added',
      data: { brand: 'mastercard', last4: '4444', exp_month: 12, exp_year: 2099 },
    });
    const second = addEvent.data.card_id as string;
    expect(await eventOf(() => s.req('POST', `/cards/${second}/default`, {}))).toMatchObject({
      type: 'card.default_changed',
      data: { card_id: second, brand: 'mastercard', last4: '4444' },
    });
    expect(await eventOf(() => s.req('DELETE', `/cards/${first.id}`))).toMatchObject({
      type: 'card.removed',
      data: { card_id: first.id, brand: 'visa', last4: '4242', was_default: false },
    });
  });

  it('subscriptions: suspend, activate, renew, ship-to, cancel with reason and comment', async () => {
    const sub = await makeSubscription(t, s);
    const path = `/subscriptions/${sub.id}`;
    expect(await eventOf(() => s.req('POST', `${path}/suspend`, {}))).toMatchObject({
      type: 'subscription.suspended',
      data: { subscription_id: sub.id, previous_status: 'active', status: 'suspended' },
    });
    expect(await eventOf(() => s.req('POST', `${path}/activate`, {}))).toMatchObject({
      type: 'subscription.activated',
      data: { subscription: { id: sub.id, status: 'active', amount: 2999, currency: 'USD' } },
    });
    const renewed = await eventOf(() => s.req('POST', `${path}/renew`, {}, key()));
    expect(renewed).toMatchObject({
      type: 'subscription.renewed',
      data: {
        subscription_id: sub.id,
        amount: 2999,
        transaction: { amount: 2999, currency: 'USD', status: 'succeeded' },
        subscription: { next_renewal_at: '2027-02-15T00:00:00.000Z' },
      },
    });
    expect(
      await eventOf(() => s.req('PUT', `${path}/ship-to`, { ship_to: ADDRESS })),
    ).toMatchObject({
      type: 'subscription.ship_to_updated',
      data: { product_name: 'Gold Box', ship_to: ADDRESS },
    });
    expect(
      await eventOf(() =>
        s.req('POST', `${path}/cancel`, { reason: 'too_expensive', comment: 'Back in spring' }),
      ),
    ).toMatchObject({
      type: 'subscription.cancelled',
      data: { reason: 'too_expensive', comment: 'Back in spring', status: 'cancelled' },
    });
  });

  it('trials: expire (with the transaction and the new subscription) and cancel', async () => {
    const trial = await makeTrial(t, s);
    const expired = await eventOf(() => s.req('POST', `/trials/${trial.id}/expire`, {}, key()));
    expect(expired).toMatchObject({
      type: 'trial.expired',
      data: {
        trial_id: trial.id,
        product_name: trial.product_name,
        subscription_id: expect.any(String),
        transaction: { amount: 1999, status: 'succeeded' },
      },
    });
    const other = await makeTrial(t, s);
    expect(await eventOf(() => s.req('POST', `/trials/${other.id}/cancel`, {}))).toMatchObject({
      type: 'trial.cancelled',
      data: { trial_id: other.id, previous_status: 'active', status: 'cancelled' },
    });
  });

  it('salvage: paid with the transaction', async () => {
    const salvage = await makeSalvage(t, s);
    expect(
      await eventOf(() => s.req('POST', `/salvage-transactions/${salvage.id}/pay`, {}, key())),
    ).toMatchObject({
      type: 'salvage_transaction.paid',
      data: {
        salvage_transaction_id: salvage.id,
        source: 'renewal',
        product_name: salvage.product_name,
        subscription_id: salvage.subscription_id,
        transaction: { amount: salvage.amount, currency: 'USD', status: 'succeeded' },
      },
    });
  });
});
