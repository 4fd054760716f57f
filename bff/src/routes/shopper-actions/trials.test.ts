import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json } from '../../testing/harness.js';
import {
  createShopperTestContext,
  effectCounts,
  makeTrial,
  type Shopper,
  type ShopperTestContext,
} from '../../testing/shopper-harness.js';

const key = () => `key-${crypto.randomUUID()}`;

describe('shopper trial actions', () => {
  let t: ShopperTestContext;
  beforeAll(async () => {
    t = await createShopperTestContext();
  });
  afterAll(() => t.close());

  const expire = (s: Shopper, id: string, body: unknown = {}, k: string | null = key()) =>
    s.req('POST', `/trials/${id}/expire`, body, k ? { 'idempotency-key': k } : {});
  const trialRow = (id: string) =>
    t.handle.db.selectFrom('trials').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('expires a trial now: charges the expiration amount and converts it to a subscription', async () => {
    const s = await t.newShopper();
    const card = await t.addCard(s);
    const trial = await makeTrial(t, s, { amount: 1999 });
    const res = await expire(s, trial.id);
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ status: 'succeeded', amount: 1999 });
    const row = await trialRow(trial.id);
    expect(row.status).toBe('expired');
    const sub = await t.handle.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('id', '=', row.subscription_id as string)
      .executeTakeFirstOrThrow();
    expect(sub).toMatchObject({
      status: 'active',
      amount: 1999,
      card_id: card.id,
      product_name: 'Starter Trial',
    });
  });

  it('a declined expiration fails the trial and opens a salvage transaction', async () => {
    const s = await t.newShopper();
    await t.addCard(s, '4000000000000069');
    const trial = await makeTrial(t, s);
    const res = await expire(s, trial.id);
    expect(await json(res)).toMatchObject({ status: 'failed', decline_code: 'expired_card' });
    expect((await trialRow(trial.id)).status).toBe('failed');
    const salvage = await t.handle.db
      .selectFrom('salvage_transactions')
      .selectAll()
      .where('trial_id', '=', trial.id)
      .executeTakeFirstOrThrow();
    expect(salvage).toMatchObject({ source: 'trial_expiration', status: 'pending', amount: 1999 });
    const overview = await json(s.req('GET', '/account'));
    expect(overview.salvage_transactions.map((v: { id: string }) => v.id)).toEqual([salvage.id]);
  });

  it('cancels an active trial; illegal states answer 409 invalid_state', async () => {
    const s = await t.newShopper();
    await t.addCard(s);
    const trial = await makeTrial(t, s);
    const res = await s.req('POST', `/trials/${trial.id}/cancel`, {});
    expect(res.status).toBe(200);
    expect((await json(res)).status).toBe('cancelled');
    const again = await s.req('POST', `/trials/${trial.id}/cancel`, {});
    expect(again.status).toBe(409);
    expect((await json(again)).error.code).toBe('invalid_state');
    const exp = await expire(s, trial.id);
    expect(exp.status).toBe(409);
    expect((await json(exp)).error.code).toBe('invalid_state');
  });

  it('rejects bad input: a client amount, extra fields, no Idempotency-Key', async () => {
    const s = await t.newShopper();
    await t.addCard(s);
    const trial = await makeTrial(t, s);
    expect((await expire(s, trial.id, { expiration_amount: 1 })).status).toBe(400);
    expect((await expire(s, trial.id, {}, null)).status).toBe(400);
    expect((await s.req('POST', `/trials/${trial.id}/cancel`, { status: 'active' })).status).toBe(
      400,
    );
    expect((await trialRow(trial.id)).status).toBe('active');
  });

  it("hides other customers' trials behind 404 and checks permissions", async () => {
    const s = await t.newShopper();
    await t.addCard(s);
    const other = await t.newShopper({ accountId: (await t.newAccount('Elsewhere')).id });
    const theirs = await makeTrial(t, other);
    const before = await effectCounts(t);
    expect((await expire(s, theirs.id)).status).toBe(404);
    expect((await s.req('POST', `/trials/${theirs.id}/cancel`, {})).status).toBe(404);
    expect(await effectCounts(t)).toEqual(before);
    const mine = await makeTrial(t, s);
    const none = await t.withPermissions(s, []);
    expect((await expire(none, mine.id)).status).toBe(403);
    expect((await none.req('POST', `/trials/${mine.id}/cancel`, {})).status).toBe(403);
  });
});
