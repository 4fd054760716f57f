import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCustomer } from '../../testing/fixtures.js';
import { createTestContext, json, type TestContext } from '../../testing/harness.js';

/** Junk values that have broken JSON APIs before: types, sizes, NUL bytes, odd unicode. */
const JUNK: unknown[] = [
  null,
  [],
  'text',
  0,
  -1,
  1e308,
  true,
  {},
  { a: { b: { c: [1, 2, { d: null }] } } },
  'a\u0000b',
  { email: 'a\u0000@example.com' },
  { first_name: 'nul\u0000byte', email: 'nul@example.com' },
  { email: 'x@example.com', metadata: { 'k\u0000': 'v' } },
  { email: 'y@example.com', metadata: { k: 'v\u0000' } },
  { email: 'z@example.com', internal_id: '\ud800' },
  { email: `${'a'.repeat(300)}@example.com` },
  { name: 'g\u0000' },
  { body: 'note\u0000' },
  { group_id: null },
  { source: 'renewal', subscription_id: '00000000-0000-0000-0000-000000000000' },
  {
    product_name: 'p\u0000',
    amount: 1,
    currency: 'USD',
    interval: 'month',
    next_renewal_at: '2026-01-01T00:00:00Z',
  },
  {
    product_name: 'p',
    amount: 2 ** 31,
    currency: 'USD',
    interval: 'month',
    next_renewal_at: '2026-01-01T00:00:00Z',
  },
  {
    product_name: 'p',
    amount: 1,
    currency: 'USD',
    interval: 'month',
    next_renewal_at: '99999-01-01T00:00:00Z',
  },
  {
    product_name: 'p',
    amount: 1,
    currency: 'USD',
    interval: 'month',
    next_renewal_at: '2026-02-30T00:00:00Z',
  },
  { product_name: 'p', expiration_amount: 1, currency: 'USD', expires_at: '0000-01-01T00:00:00Z' },
  { __proto__: { email: 'proto@example.com' } },
  { constructor: { prototype: { polluted: true } }, email: 'c@example.com' },
];

const JUNK_QUERIES = [
  'limit=abc',
  'limit=-5',
  'limit=1e9',
  'cursor=AAAA',
  `cursor=${Buffer.from('00000000-0000-4000-8000-000000000000').toString('base64url')}`,
  'cursor=%00',
  'status[]=enabled',
  'q=%00%00',
  'q=\\',
  `q=${'x'.repeat(500)}`,
  'q=%25%5F',
  'campaign_id=%00',
];

describe('admin customer endpoints under junk input', () => {
  let t: TestContext;
  let customerId: string;
  beforeAll(async () => {
    t = await createTestContext();
    customerId = (await makeCustomer(t.handle.db, t.account.id)).id;
  });
  afterAll(() => t.close());

  it('answers every junk body with a 4xx and a stable error code, never a 5xx', async () => {
    const id = () => customerId;
    const writes: [string, () => string][] = [
      ['POST', () => '/customers'],
      ['PATCH', () => `/customers/${id()}`],
      ['POST', () => `/customers/${id()}/groups`],
      ['POST', () => `/customers/${id()}/notes`],
      ['POST', () => `/customers/${id()}/subscriptions`],
      ['POST', () => `/customers/${id()}/trials`],
      ['POST', () => `/customers/${id()}/salvage-transactions`],
      ['POST', () => '/groups'],
    ];
    for (const [method, path] of writes) {
      for (const body of JUNK) {
        const res = await t.admin(method, path(), body);
        const label = `${method} ${path()} ${JSON.stringify(body)?.slice(0, 60)}`;
        expect(res.status, label).toBeLessThan(500);
        if (res.status >= 400) expect(typeof (await json(res)).error.code, label).toBe('string');
      }
    }
  });

  it('reports a NUL byte that reaches Postgres as 400 validation_failed', async () => {
    const res = await t.admin('POST', '/customers', {
      email: 'nul2@example.com',
      last_name: '\u0000',
    });
    expect(res.status).toBe(400);
    expect((await json(res)).error.code).toBe('validation_failed');
    const search = await t.admin('GET', '/customers/search?q=%00ab');
    expect((await json(search)).error.code).toBe('validation_failed');
  });

  it('answers every junk query with a 4xx or an empty answer, never a 5xx', async () => {
    const reads = [
      '/customers',
      '/customers/search',
      '/groups',
      `/customers/${customerId}/notes`,
      `/customers/${customerId}/subscriptions`,
      `/customers/${customerId}/trials`,
      `/customers/${customerId}/salvage-transactions`,
      `/customers/${customerId}/transactions`,
    ];
    for (const path of reads) {
      for (const q of JUNK_QUERIES) {
        const res = await t.admin('GET', `${path}?${q}`);
        expect(res.status, `${path}?${q}`).toBeLessThan(500);
      }
    }
  });
});
