import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, json, type TestContext } from '../../testing/harness.js';

describe('admin third-party shops', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  it('creates, gets and lists shops in a stable order', async () => {
    const res = await t.admin('POST', '/shops', {
      name: 'Brand A Shopify',
      platform: 'shopify',
      url: 'https://brand-a.example',
    });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body).toEqual({
      id: expect.any(String),
      name: 'Brand A Shopify',
      platform: 'shopify',
      url: 'https://brand-a.example',
      created_at: expect.any(String),
    });
    expect(await json(t.admin('GET', `/shops/${body.id}`))).toEqual(body);

    const woo = await json(t.admin('POST', '/shops', { name: 'Woo' }));
    expect(woo).toMatchObject({ platform: 'other', url: null });
    await t.admin('POST', '/shops', { name: 'Third', platform: 'woocommerce' });
    const page1 = await json(t.admin('GET', '/shops?limit=2'));
    expect(page1.data.map((s: { name: string }) => s.name)).toEqual(['Brand A Shopify', 'Woo']);
    const page2 = await json(t.admin('GET', `/shops?limit=2&cursor=${page1.next_cursor}`));
    expect(page2).toMatchObject({ data: [{ name: 'Third' }], next_cursor: null });
  });

  it('rejects bad platforms, non-http URLs, unknown fields and bad cursors with 400', async () => {
    for (const bad of [
      { name: 'x', platform: 'ebay' },
      { name: 'x', url: 'javascript:alert(1)' },
      { name: 'x', url: 'ftp://brand.example' },
      { name: '' },
      { name: 'x', id: '00000000-0000-4000-8000-000000000000' },
    ]) {
      const res = await t.admin('POST', '/shops', bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect((await json(res)).error.code).toBe('validation_failed');
    }
    for (const query of ['limit=0', 'limit=101', 'cursor=zzz', 'other=1']) {
      const res = await t.admin('GET', `/shops?${query}`);
      expect(res.status, query).toBe(400);
      expect((await json(res)).error.code).toBe('validation_failed');
    }
  });

  it("gives another account 404 for this account's shop and an empty list", async () => {
    const mine = await json(t.admin('POST', '/shops', { name: 'Mine' }));
    const other = await t.newAccount('Other');
    const res = await t.admin('GET', `/shops/${mine.id}`, undefined, other.key);
    expect(res.status).toBe(404);
    expect((await json(res)).error.code).toBe('not_found');
    expect((await json(t.admin('GET', '/shops', undefined, other.key))).data).toEqual([]);
  });
});
