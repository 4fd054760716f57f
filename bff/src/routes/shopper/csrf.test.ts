import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json } from '../../testing/harness.js';
import { GOOD_PASSWORD, shopperRequest as req, sessionCookie } from '../../testing/shopper.js';
import { productionApp, shopperContext } from '../../testing/shopper-setup.js';

type Ctx = Awaited<ReturnType<typeof shopperContext>>;

describe('CSRF defence on state-changing shopper requests', () => {
  let s: Ctx;
  let cookie: string | undefined;
  let email: string;
  beforeAll(async () => {
    s = await shopperContext();
    await s.db
      .updateTable('portals')
      .set({ allowed_origins: ['https://www.brand-a.example'] })
      .where('id', '=', s.a.id)
      .execute();
    const c = await s.registeredCustomer();
    email = c.email;
    cookie = sessionCookie(
      await req(s.t.app, s.a, 'POST', '/login', { email, password: GOOD_PASSWORD }),
    );
  });
  afterAll(() => s.t.close());

  const variants: Array<[string, Parameters<typeof req>[5], number, string]> = [
    [
      'form content type',
      { contentType: 'application/x-www-form-urlencoded' },
      415,
      'unsupported_media_type',
    ],
    ['text/plain', { contentType: 'text/plain' }, 415, 'unsupported_media_type'],
    ['no content type', { contentType: null }, 415, 'unsupported_media_type'],
    ['no Origin', { origin: null }, 403, 'csrf_rejected'],
    ['sibling subdomain', { origin: 'https://evil.brand-a.example' }, 403, 'csrf_rejected'],
    ['http tracking domain', { origin: 'http://' }, 403, 'csrf_rejected'],
    ['null origin', { origin: 'null' }, 403, 'csrf_rejected'],
    ['no custom header', { csrf: null }, 403, 'csrf_rejected'],
    ['wrong custom header', { csrf: '0' }, 403, 'csrf_rejected'],
  ];

  for (const [name, opts, status, code] of variants) {
    it(`refuses logout with ${name} even with a valid cookie (${status})`, async () => {
      const o = { ...opts, cookie };
      if (o.origin === 'http://') o.origin = `http://${s.a.hostname}`;
      const res = await req(s.t.app, s.a, 'POST', '/logout', {}, o);
      expect(res.status).toBe(status);
      expect((await json(res)).error.code).toBe(code);
      const still = await req(s.t.app, s.a, 'GET', '/session', undefined, { cookie });
      expect(still.status, 'session untouched').toBe(200);
    });
  }

  it('refuses login from a foreign origin before checking the password', async () => {
    const res = await req(
      s.t.app,
      s.a,
      'POST',
      '/login',
      { email, password: GOOD_PASSWORD },
      { origin: 'https://attacker.example' },
    );
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('accepts the dev storefront origin outside production only', async () => {
    const devOrigin = `http://localhost:${s.t.deps.config.port}`;
    const res = await req(
      s.t.app,
      s.a,
      'POST',
      '/login',
      { email, password: GOOD_PASSWORD },
      { origin: devOrigin },
    );
    expect(res.status).toBe(200);
    const prod = productionApp(s.t.deps);
    const refused = await req(
      prod,
      s.a,
      'POST',
      '/login',
      { email, password: GOOD_PASSWORD },
      { origin: devOrigin },
    );
    expect(refused.status).toBe(403);
  });

  it("accepts the portal's extra allowed origin", async () => {
    const res = await req(
      s.t.app,
      s.a,
      'POST',
      '/login',
      { email, password: GOOD_PASSWORD },
      { origin: 'https://www.brand-a.example' },
    );
    expect(res.status).toBe(200);
  });
});
