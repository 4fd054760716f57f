import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCustomer } from '../../testing/fixtures.js';
import { createTestContext, json, type TestContext } from '../../testing/harness.js';

/** Races that row locks and unique indexes must settle (meaningful on real Postgres). */
describe('admin customers under concurrent requests', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  const statuses = (responses: Response[]) => responses.map((r) => r.status).sort();

  it('creates one customer when the same email is posted in parallel', async () => {
    const results = await Promise.all(
      ['race@example.com', 'RACE@example.com', 'Race@Example.com', 'race@EXAMPLE.com'].map(
        (email) => t.admin('POST', '/customers', { email }),
      ),
    );
    expect(statuses(results)).toEqual([201, 409, 409, 409]);
    for (const res of results.filter((r) => r.status === 409)) {
      expect((await json(res)).error.code).toBe('email_taken');
    }
  });

  it('loses no metadata key when edits merge in parallel', async () => {
    const customer = await makeCustomer(t.handle.db, t.account.id);
    const keys = Array.from({ length: 8 }, (_, i) => `k${i}`);
    const results = await Promise.all(
      keys.map((k) => t.admin('PATCH', `/customers/${customer.id}`, { metadata: { [k]: k } })),
    );
    expect(statuses(results)).toEqual(keys.map(() => 200));
    const after = await json(t.admin('GET', `/customers/${customer.id}`));
    expect(Object.keys(after.metadata).sort()).toEqual(keys);
  });

  it('opens one salvage transaction when the same failure is recorded in parallel', async () => {
    const customer = await makeCustomer(t.handle.db, t.account.id);
    const sub = await json(
      t.admin('POST', `/customers/${customer.id}/subscriptions`, {
        product_name: 'Gold Box',
        amount: 2999,
        currency: 'USD',
        interval: 'month',
        next_renewal_at: '2026-12-25T10:00:00Z',
      }),
    );
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        t.admin('POST', `/customers/${customer.id}/salvage-transactions`, {
          source: 'renewal',
          subscription_id: sub.id,
        }),
      ),
    );
    expect(statuses(results)).toEqual([201, 409, 409, 409, 409]);
    const rows = await t.handle.db
      .selectFrom('salvage_transactions')
      .select('id')
      .where('subscription_id', '=', sub.id)
      .execute();
    expect(rows).toHaveLength(1);
  });
});
