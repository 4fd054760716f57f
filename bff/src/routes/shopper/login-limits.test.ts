import { connect } from '@portico/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.js';
import {
  CAPTCHA_AFTER_EMAIL_FAILURES,
  EMAIL_FAILURES_PER_HOUR,
} from '../../services/rate-limits/login-limits.js';
import { json, testConfig } from '../../testing/harness.js';
import { sendJson, startStub } from '../../testing/http-stub.js';
import {
  GOOD_PASSWORD,
  latestCode,
  shopperRequest as req,
  sessionCookie,
} from '../../testing/shopper.js';
import { shopperContext } from '../../testing/shopper-setup.js';

type Ctx = Awaited<ReturnType<typeof shopperContext>>;

/** Login limits live in Postgres; reCAPTCHA is verified against a real local stub of Google. */
describe('login limits and reCAPTCHA step-up', () => {
  let s: Ctx;
  let google: Awaited<ReturnType<typeof startStub>>;
  let second: { app: ReturnType<typeof createApp>; close: () => Promise<void> };

  beforeAll(async () => {
    google = await startStub((r, res) => {
      const form = new URLSearchParams(r.body);
      const token = form.get('response');
      if (form.get('secret') !== 'secret-key') return sendJson(res, 200, { success: false });
      if (token?.startsWith('good:')) {
        return sendJson(res, 200, { success: true, hostname: token.slice(5) });
      }
      sendJson(res, 200, { success: false, 'error-codes': ['invalid-input-response'] });
    });
    const config = testConfig({
      CAPTCHA_MODE: 'recaptcha',
      RECAPTCHA_VERIFY_URL: `${google.url}/recaptcha/api/siteverify`,
    });
    s = await shopperContext({}, config);
    // A second BFF instance: its own pool to the same database.
    const url = (s.t.handle as { url?: string }).url;
    const handle = url ? await connect({ databaseUrl: url }) : s.t.handle;
    second = {
      app: createApp({ ...s.t.deps, db: handle.db }),
      close: () => (url ? handle.close() : Promise.resolve()),
    };
  });
  afterAll(async () => {
    await second.close();
    await s.t.close();
    await google.close();
  });

  const good = () => `good:${s.a.hostname}`;

  it('verifies the captcha server-side: success and the tracking domain hostname', async () => {
    const c = await s.registeredCustomer();
    const bad = await req(s.t.app, s.a, 'POST', '/login', {
      email: c.email,
      password: GOOD_PASSWORD,
      captcha_token: 'nonsense',
    });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.code).toBe('captcha_failed');
    const otherHost = await req(s.t.app, s.a, 'POST', '/login', {
      email: c.email,
      password: GOOD_PASSWORD,
      captcha_token: 'good:evil.example',
    });
    expect((await json(otherHost)).error.code).toBe('captcha_failed');
    const ok = await req(s.t.app, s.a, 'POST', '/login', {
      email: c.email,
      password: GOOD_PASSWORD,
      captcha_token: good(),
    });
    expect(ok.status).toBe(200);
    const last = google.requests.at(-1);
    expect(new URLSearchParams(last?.body).get('secret')).toBe('secret-key');
    expect(new URLSearchParams(last?.body).get('remoteip')).toBe('203.0.113.7');
  });

  it('the dev token is refused outside dev mode', async () => {
    const c = await s.registeredCustomer();
    const res = await req(s.t.app, s.a, 'POST', '/register', {
      email: c.email,
      password: GOOD_PASSWORD,
      captcha_token: 'dev-captcha-pass',
    });
    expect(res.status).toBe(400);
  });

  it('after 5 failures (counted across two instances) the right password needs a captcha', async () => {
    const c = await s.registeredCustomer();
    for (let i = 0; i < CAPTCHA_AFTER_EMAIL_FAILURES; i++) {
      const app = i % 2 === 0 ? s.t.app : second.app;
      const res = await req(
        app,
        s.a,
        'POST',
        '/login',
        { email: c.email, password: `wrong ${i}` },
        {
          ip: `198.51.100.${i}`,
        },
      );
      expect(res.status).toBe(401);
    }
    for (const app of [s.t.app, second.app]) {
      const res = await req(app, s.a, 'POST', '/login', {
        email: c.email,
        password: GOOD_PASSWORD,
      });
      expect(res.status, 'right password without captcha').toBe(400);
      expect((await json(res)).error.code).toBe('captcha_required');
    }
    const owner = await req(second.app, s.a, 'POST', '/login', {
      email: c.email,
      password: GOOD_PASSWORD,
      captcha_token: good(),
    });
    expect(owner.status, 'the owner gets in with a captcha').toBe(200);
    const next = await req(s.t.app, s.a, 'POST', '/login', {
      email: c.email,
      password: GOOD_PASSWORD,
    });
    expect(next.status, 'and that lifted the step-up for the email').toBe(200);
  });

  it('shares sessions and codes across instances: log in on one, use and revoke on the other', async () => {
    const c = await s.registeredCustomer();
    const login = await req(s.t.app, s.a, 'POST', '/login', {
      email: c.email,
      password: GOOD_PASSWORD,
      captcha_token: good(),
    });
    const cookie = sessionCookie(login);
    expect((await req(second.app, s.a, 'GET', '/session', undefined, { cookie })).status).toBe(200);
    expect((await req(second.app, s.a, 'POST', '/logout', {}, { cookie })).status).toBe(200);
    expect((await req(s.t.app, s.a, 'GET', '/session', undefined, { cookie })).status).toBe(401);

    await req(s.t.app, s.a, 'POST', '/password-reset/request', { email: c.email });
    const code = await latestCode(s.db, c.email);
    const [x, y] = await Promise.all(
      [s.t.app, second.app].map((app) =>
        req(app, s.a, 'POST', '/password-reset/confirm', {
          email: c.email,
          code,
          password: 'cross instance passphrase',
        }),
      ),
    );
    expect([x?.status, y?.status].sort()).toEqual([200, 400]);
  });

  it('counts failures per client IP across emails too', async () => {
    const ip = '192.0.2.99';
    for (let i = 0; i < 20; i++) {
      await req(
        s.t.app,
        s.a,
        'POST',
        '/login',
        { email: `spray${i}@example.com`, password: 'guess guess' },
        { ip },
      );
    }
    const c = await s.registeredCustomer();
    const res = await req(
      s.t.app,
      s.a,
      'POST',
      '/login',
      { email: c.email, password: GOOD_PASSWORD },
      { ip },
    );
    expect((await json(res)).error.code).toBe('captcha_required');
    const elsewhere = await req(s.t.app, s.a, 'POST', '/login', {
      email: c.email,
      password: GOOD_PASSWORD,
    });
    expect(elsewhere.status).toBe(200);
  });

  it('hard-caps failures per account per hour with 429 and Retry-After, on both instances', async () => {
    s.clock.alignTo(60 * 60_000);
    const c = await s.registeredCustomer();
    for (let i = 0; i < EMAIL_FAILURES_PER_HOUR; i++) {
      const app = i % 2 === 0 ? s.t.app : second.app;
      await req(
        app,
        s.a,
        'POST',
        '/login',
        {
          email: c.email,
          password: `wrong ${i}`,
          captcha_token: good(),
        },
        { ip: `198.51.100.${100 + (i % 50)}` },
      );
    }
    for (const app of [s.t.app, second.app]) {
      const res = await req(app, s.a, 'POST', '/login', {
        email: c.email,
        password: GOOD_PASSWORD,
        captcha_token: good(),
      });
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    s.clock.advance(61 * 60_000);
    const later = await req(s.t.app, s.a, 'POST', '/login', {
      email: c.email,
      password: GOOD_PASSWORD,
    });
    expect(later.status, 'a new hour').toBe(200);
  });
});
