import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.js';
import { createTestContext, json, type TestContext, testConfig } from '../../testing/harness.js';

describe('admin webhook endpoints', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  it('creates an endpoint and shows its secret only in the creation answer', async () => {
    const res = await t.admin('POST', '/webhook-endpoints', {
      url: 'https://hooks.brand.example/portico',
      description: 'CRM sync',
      events: ['subscription.cancelled', 'card.added', 'card.added'],
    });
    expect(res.status).toBe(201);
    const created = await json(res);
    expect(created).toEqual({
      id: expect.any(String),
      url: 'https://hooks.brand.example/portico',
      description: 'CRM sync',
      events: ['card.added', 'subscription.cancelled'],
      enabled: true,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const got = await t.admin('GET', `/webhook-endpoints/${created.id}`);
    const text = await got.text();
    expect(got.status).toBe(200);
    expect(text).not.toContain(created.secret.slice(6));
    expect(JSON.parse(text)).not.toHaveProperty('secret');
    const list = await json(t.admin('GET', '/webhook-endpoints'));
    expect(list.data.map((e: { id: string }) => e.id)).toContain(created.id);
    expect(JSON.stringify(list)).not.toContain(created.secret.slice(6));
    const audit = await t.handle.db
      .selectFrom('audit_events')
      .select(['action', 'data'])
      .where('subject_id', '=', created.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['webhook_endpoint.created']);
    expect(JSON.stringify(audit)).not.toContain(created.secret.slice(6));
  });

  it('edits url, events and enabled; rotates the secret (shown once more)', async () => {
    const ep = await json(
      t.admin('POST', '/webhook-endpoints', { url: 'https://a.brand.example/h' }),
    );
    expect(ep.events).toEqual([]);
    const patched = await t.admin('PATCH', `/webhook-endpoints/${ep.id}`, {
      url: 'https://b.brand.example/h',
      events: ['trial.expired'],
      enabled: false,
    });
    expect(patched.status).toBe(200);
    expect(await json(patched)).toMatchObject({
      url: 'https://b.brand.example/h',
      events: ['trial.expired'],
      enabled: false,
    });
    const rotated = await t.admin('POST', `/webhook-endpoints/${ep.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    const body = await json(rotated);
    expect(body.secret).toMatch(/^whsec_/);
    expect(body.secret).not.toBe(ep.secret);
  });

  it('deletes an endpoint: 204, then 404', async () => {
    const ep = await json(
      t.admin('POST', '/webhook-endpoints', { url: 'https://c.brand.example' }),
    );
    expect((await t.admin('DELETE', `/webhook-endpoints/${ep.id}`)).status).toBe(204);
    expect((await t.admin('GET', `/webhook-endpoints/${ep.id}`)).status).toBe(404);
    expect((await t.admin('DELETE', `/webhook-endpoints/${ep.id}`)).status).toBe(404);
  });

  it("answers 404 for another account's endpoint on every route", async () => {
    const ep = await json(
      t.admin('POST', '/webhook-endpoints', { url: 'https://d.brand.example' }),
    );
    const other = await t.newAccount('Other');
    const as = (m: string, p: string, b?: unknown) => t.admin(m, p, b, other.key);
    const base = `/webhook-endpoints/${ep.id}`;
    expect((await as('GET', base)).status).toBe(404);
    expect((await as('PATCH', base, { enabled: false })).status).toBe(404);
    expect((await as('POST', `${base}/rotate-secret`)).status).toBe(404);
    expect((await as('GET', `${base}/deliveries`)).status).toBe(404);
    expect((await as('DELETE', base)).status).toBe(404);
    expect((await json(as('GET', '/webhook-endpoints'))).data).toEqual([]);
    expect((await t.admin('GET', base)).status).toBe(200);
  });

  it('refuses unknown events, unknown fields and bad URLs', async () => {
    const bad = async (body: unknown) => {
      const res = await t.admin('POST', '/webhook-endpoints', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      return (await json(res)).error;
    };
    await bad({ url: 'https://e.brand.example', events: ['card.stolen'] });
    await bad({ url: 'https://e.brand.example', secret: 'whsec_mine' });
    await bad({ url: 'ftp://e.brand.example' });
    await bad({ url: 'https://user:pass@e.brand.example' });
    await bad({ url: 'not a url' });
    const http = await bad({ url: 'http://hooks.brand.example/h' });
    expect(http.details.issues[0]).toMatchObject({ path: 'url', code: 'url_not_allowed' });
    for (const url of ['https://10.0.0.8/h', 'https://[fd00::1]/h', 'https://169.254.169.254/']) {
      const err = await bad({ url });
      expect(err.details.issues[0].message).toBe('the URL points at a private or reserved address');
    }
  });

  it('accepts http for a loopback receiver outside production only', async () => {
    for (const url of ['http://127.0.0.1:9/h', 'http://localhost:9/h', 'http://[::1]:9/h']) {
      expect((await t.admin('POST', '/webhook-endpoints', { url })).status, url).toBe(201);
    }
    const prod = createApp({
      ...t.deps,
      config: { ...testConfig(), production: true, devHosts: [] },
    });
    const post = (url: string) =>
      prod.request('/api/admin/v1/webhook-endpoints', {
        method: 'POST',
        headers: { authorization: `Bearer ${t.account.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ url }),
      });
    for (const url of [
      'http://127.0.0.1:9/h',
      'https://127.0.0.1/h',
      'https://localhost/h',
      'https://hooks.localhost/h',
      'https://[::1]/h',
      'https://[::ffff:127.0.0.1]/h',
      'https://[::ffff:10.0.0.1]/h',
      'http://hooks.brand.example/h',
    ]) {
      expect((await post(url)).status, url).toBe(400);
    }
    expect((await post('https://hooks.brand.example/h')).status).toBe(201);
  });

  it('pages the delivery log', async () => {
    const ep = await json(
      t.admin('POST', '/webhook-endpoints', { url: 'https://f.brand.example' }),
    );
    const page = await json(t.admin('GET', `/webhook-endpoints/${ep.id}/deliveries?limit=5`));
    expect(page).toEqual({ data: [], next_cursor: null });
    expect((await t.admin('GET', `/webhook-endpoints/${ep.id}/deliveries?limit=0`)).status).toBe(
      400,
    );
  });
});
