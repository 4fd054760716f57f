import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json } from '../../bff/src/testing/harness.js';
import {
  createShopperTestContext,
  makeSalvage,
  type ShopperTestContext,
} from '../../bff/src/testing/shopper-harness.js';
import { gatewayCharges } from './lib/state.js';

const HOUR = 3600_000;

/**
 * SECURITY 22, the part the action tests leave out: a key is kept 24 hours. Within them the
 * same key replays the first answer; past them the key is forgotten, and the salvage
 * (already paid) is still never charged twice.
 */
describe('SECURITY 22: Idempotency-Key kept 24 hours', () => {
  let t: ShopperTestContext;
  beforeAll(async () => {
    t = await createShopperTestContext();
  });
  afterAll(() => t.close());

  it('replays within 24 hours, forgets after, and never charges twice', async () => {
    const s = await t.newShopper();
    await t.addCard(s, '4242424242424242', true);
    const salvage = await makeSalvage(t, s);
    const key = `retention-${crypto.randomUUID()}`;
    const pay = () =>
      s.req('POST', `/salvage-transactions/${salvage.id}/pay`, {}, { 'idempotency-key': key });

    const first = await pay();
    expect(first.status).toBe(200);
    const firstBody = await json(first);
    const row = await t.handle.db
      .selectFrom('idempotency_keys')
      .select(['created_at', 'expires_at'])
      .where('customer_id', '=', s.customerId)
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    const kept = new Date(row.expires_at).getTime() - new Date(row.created_at).getTime();
    expect(Math.abs(kept - 24 * HOUR)).toBeLessThan(60_000);
    const age = (hours: number) =>
      t.handle.db
        .updateTable('idempotency_keys')
        // What matters is the stored expiry, counted from when the key was first used.
        .set({ expires_at: new Date(Date.now() - hours * HOUR + 24 * HOUR) })
        .where('customer_id', '=', s.customerId)
        .where('key', '=', key)
        .execute();

    // 23 hours on: the identical answer, marked as a replay.
    await age(23);
    const replay = await pay();
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await json(replay)).toEqual(firstBody);
    expect(await gatewayCharges(t.handle.db)).toBe(1);

    // 25 hours on: the key is gone, the request runs afresh and finds the salvage paid.
    await age(25);
    const late = await pay();
    expect(late.headers.get('idempotent-replayed')).toBeNull();
    expect(late.status).toBe(409);
    expect((await json(late)).error.code).toBe('already_paid');
    expect(await gatewayCharges(t.handle.db)).toBe(1);
  });
});
