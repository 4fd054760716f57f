import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePortal, makeTrackingDomain } from '../../testing/fixtures.js';
import { createTestContext, json, type TestContext } from '../../testing/harness.js';

/** Bad input to the admin writes of tracking domains, SMTP, shops, portals and keys: 4xx, never 5xx. */
describe('admin writes under junk input', () => {
  let t: TestContext;
  let portalId: string;
  let domainId: string;
  beforeAll(async () => {
    t = await createTestContext();
    domainId = (await makeTrackingDomain(t.handle.db, t.account.id)).id;
    portalId = (await makePortal(t.handle.db, t.account.id, { trackingDomainId: domainId })).id;
  });
  afterAll(() => t.close());

  const JUNK: unknown[] = [
    'null',
    '[]',
    '"text"',
    '42',
    '{"a":',
    {},
    { name: {} },
    { name: ['x'] },
    { name: 'x'.repeat(10_000) },
    { hostname: null, transport: 1, tracking_domain_id: 'x', permissions: 'all' },
    { __proto__: { admin: true }, constructor: { prototype: {} } },
    { campaign_ids: Array.from({ length: 500 }, () => '00000000-0000-4000-8000-000000000000') },
    { confirmation_email: { html: 7 }, footer_html: { html: '<b>' } },
    { name: '\u0000\ud800', display_name: '\u202e' },
    { cancel_reasons: 'all', cancel_comment: 7, cancel_save_offer: 'yes' },
    { customer_id: '\u0000', ttl_seconds: 'forever', deep_link: { flow: '__proto__' } },
  ];

  it('answers every malformed body with a 4xx and the error shape', async () => {
    const targets: [string, string][] = [
      ['POST', '/tracking-domains'],
      ['POST', '/smtp-profiles'],
      ['POST', '/shops'],
      ['POST', '/portals'],
      ['PATCH', `/portals/${portalId}`],
      ['POST', '/api-keys'],
      ['POST', `/portals/${portalId}/login-links`],
    ];
    for (const [method, path] of targets) {
      for (const body of JUNK) {
        // An empty edit is a valid no-op edit.
        if (method === 'PATCH' && typeof body === 'object' && Object.keys(body ?? {}).length === 0)
          continue;
        const res = await t.admin(method, path, body);
        const label = `${method} ${path} ${JSON.stringify(body).slice(0, 80)}`;
        expect(res.status, label).toBeGreaterThanOrEqual(400);
        expect(res.status, label).toBeLessThan(500);
        expect((await json(res)).error.code, label).toEqual(expect.any(String));
      }
    }
    const portal = await json(t.admin('GET', `/portals/${portalId}`));
    expect(portal.name).not.toContain('x'.repeat(200));
  });

  it('answers junk ids and query strings on every route with 4xx', async () => {
    for (const id of [
      '..',
      '%00',
      "1' or '1'='1",
      'x'.repeat(300),
      '00000000-0000-4000-8000-00000000000Z',
    ]) {
      for (const path of [
        `/tracking-domains/${id}`,
        `/smtp-profiles/${id}`,
        `/shops/${id}`,
        `/portals/${id}`,
        `/portals/${id}/embed`,
      ]) {
        const res = await t.admin('GET', path);
        expect(res.status, path).toBeGreaterThanOrEqual(400);
        expect(res.status, path).toBeLessThan(500);
      }
      for (const path of [
        `/tracking-domains/${id}/verify`,
        `/portals/${id}/enable`,
        `/portals/${id}/disable`,
        `/api-keys/${id}/revoke`,
      ]) {
        const res = await t.admin('POST', path);
        expect(res.status, path).toBeGreaterThanOrEqual(400);
        expect(res.status, path).toBeLessThan(500);
      }
    }
    for (const q of [
      'limit=-1',
      'limit=abc',
      `cursor=${'A'.repeat(300)}`,
      'cursor=%FF',
      'limit=1&limit=2',
    ]) {
      for (const path of [
        '/tracking-domains',
        '/smtp-profiles',
        '/shops',
        '/portals',
        '/api-keys',
      ]) {
        const res = await t.admin('GET', `${path}?${q}`);
        expect(res.status, `${path}?${q}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${path}?${q}`).toBeLessThan(500);
      }
    }
  });
});
