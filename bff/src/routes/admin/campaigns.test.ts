import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, json, type TestContext } from '../../testing/harness.js';

describe('admin campaigns', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  it('creates, gets and lists campaigns in a stable order', async () => {
    const created = await t.admin('POST', '/campaigns', { name: 'Gold Box' });
    expect(created.status).toBe(201);
    const body = await json(created);
    expect(body).toMatchObject({ name: 'Gold Box', description: null });

    const got = await t.admin('GET', `/campaigns/${body.id}`);
    expect(await json(got)).toEqual(body);

    for (const name of ['B', 'C']) await t.admin('POST', '/campaigns', { name });
    const page1 = await json(t.admin('GET', '/campaigns?limit=2'));
    expect(page1.data.map((c: { name: string }) => c.name)).toEqual(['Gold Box', 'B']);
    const page2 = await json(t.admin('GET', `/campaigns?limit=2&cursor=${page1.next_cursor}`));
    expect(page2).toMatchObject({ data: [{ name: 'C' }], next_cursor: null });
  });

  it('rejects unknown fields and empty names with 400 validation_failed', async () => {
    for (const bad of [{ name: '' }, { name: 'x', account_id: t.account.id }, {}]) {
      const res = await t.admin('POST', '/campaigns', bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect((await json(res)).error.code).toBe('validation_failed');
    }
  });

  it('answers malformed JSON with 400 and a non-JSON body with 415', async () => {
    const res = await t.admin('POST', '/campaigns', '{"name":');
    expect(res.status).toBe(400);
    expect((await json(res)).error.code).toBe('invalid_json');
    const res415 = await t.app.request('/api/admin/v1/campaigns', {
      method: 'POST',
      headers: { authorization: `Bearer ${t.account.key}`, 'content-type': 'text/plain' },
      body: 'name=x',
    });
    expect(res415.status).toBe(415);
  });

  it("gives another account's key a 404 for this account's campaign", async () => {
    const mine = await json(t.admin('POST', '/campaigns', { name: 'Mine' }));
    const other = await t.newAccount('Other');
    const res = await t.admin('GET', `/campaigns/${mine.id}`, undefined, other.key);
    expect(res.status).toBe(404);
    const list = await json(t.admin('GET', '/campaigns', undefined, other.key));
    expect(list.data).toEqual([]);
  });

  it('refuses a missing, malformed or revoked key with 401', async () => {
    expect((await t.app.request('/api/admin/v1/campaigns')).status).toBe(401);
    expect((await t.admin('GET', '/campaigns', undefined, 'pk_nothing')).status).toBe(401);
    const other = await t.newAccount('Revoked');
    await t.handle.db
      .updateTable('api_keys')
      .set({ revoked_at: new Date() })
      .where('account_id', '=', other.id)
      .execute();
    expect((await t.admin('GET', '/campaigns', undefined, other.key)).status).toBe(401);
    const viaQuery = await t.app.request(`/api/admin/v1/campaigns?api_key=${t.account.key}`);
    expect(viaQuery.status).toBe(401);
  });

  it('answers a malformed id with the same 404 as an unknown one', async () => {
    const a = await t.admin('GET', '/campaigns/not-a-uuid');
    const b = await t.admin('GET', '/campaigns/00000000-0000-4000-8000-000000000000');
    expect(a.status).toBe(404);
    expect(await json(a)).toEqual(await json(b));
  });
});
