import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCustomer } from '../../testing/fixtures.js';
import { json } from '../../testing/harness.js';
import {
  CAPTCHA,
  GOOD_PASSWORD,
  latestCode,
  shopperRequest as req,
  sessionCookie,
} from '../../testing/shopper.js';
import { productionApp, shopperContext } from '../../testing/shopper-setup.js';
import { MAIL_REQUESTS_PER_IP_HOUR } from './auth.js';

type Ctx = Awaited<ReturnType<typeof shopperContext>>;

describe('shopper identity flows', () => {
  let s: Ctx;
  beforeAll(async () => {
    s = await shopperContext();
  });
  afterAll(() => s.t.close());

  const login = (email: string, password = GOOD_PASSWORD, portal = () => s.a) =>
    req(s.t.app, portal(), 'POST', '/login', { email, password });

  it('serves public config without secrets, footer sanitized', async () => {
    await s.db
      .updateTable('portals')
      .set({ footer_html: '<p onclick="x()">Hi<script>alert(1)</script></p>' })
      .where('id', '=', s.a.id)
      .execute();
    const res = await req(s.t.app, s.a, 'GET', '/config');
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({ id: s.a.id, display_name: 'Brand A', captcha_mode: 'dev' });
    expect(body.footer_html).toBe('<p>Hi</p>');
    expect(JSON.stringify(body)).not.toContain('secret-key');
  });

  it('404s an unknown portal, a wrong host and a disabled portal alike', async () => {
    const wrongHost = await req(s.t.app, s.a, 'GET', '/config', undefined, { host: s.b.hostname });
    const unknown = await req(s.t.app, { ...s.a, id: crypto.randomUUID() }, 'GET', '/config');
    const evil = await req(s.t.app, s.a, 'GET', '/config', undefined, { host: 'evil.example' });
    for (const r of [wrongHost, unknown, evil]) expect(r.status).toBe(404);
    const dev = await req(s.t.app, s.a, 'GET', '/config', undefined, {
      host: 'localhost',
      scheme: 'http',
    });
    expect(dev.status, 'devHosts outside production').toBe(200);
    const domain = await s.db
      .selectFrom('portals')
      .select('tracking_domain_id')
      .where('id', '=', s.a.id)
      .executeTakeFirstOrThrow();
    await s.db
      .updateTable('tracking_domains')
      .set({ ssl_active: false })
      .where('id', '=', domain.tracking_domain_id)
      .execute();
    expect((await req(s.t.app, s.a, 'GET', '/config')).status, 'domain not ready').toBe(404);
    await s.db
      .updateTable('tracking_domains')
      .set({ ssl_active: true })
      .where('id', '=', domain.tracking_domain_id)
      .execute();
  });

  it('registers, confirms with the mailed code, and gets a session', async () => {
    const customer = await makeCustomer(s.db, s.t.account.id, {
      email: 'new.a@example.com',
      campaignIds: [s.campaignA.id],
      firstName: '<b>Ann</b>',
    });
    const reg = await req(s.t.app, s.a, 'POST', '/register', {
      email: 'New.A@example.com',
      password: GOOD_PASSWORD,
      captcha_token: CAPTCHA,
    });
    expect(reg.status).toBe(202);
    expect(await json(reg)).toEqual({ status: 'accepted' });
    const mail = await s.db
      .selectFrom('outbox')
      .select('payload')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    const payload = mail.payload as { html: string; subject: string; from: string; to: string };
    expect(payload.html, 'first name is HTML-escaped').toContain('Hi &lt;b&gt;Ann&lt;/b&gt;');
    expect(payload.subject).toBe('Your Brand A code');
    expect(payload.to).toBe('new.a@example.com');

    // Not confirmed yet: login refused like any failure.
    expect((await login('new.a@example.com')).status).toBe(401);

    const wrong = await req(s.t.app, s.a, 'POST', '/confirm', {
      email: 'new.a@example.com',
      code: (Number(await latestCode(s.db, 'new.a@example.com')) + 1)
        .toString()
        .padStart(6, '0')
        .slice(-6),
    });
    expect(wrong.status).toBe(400);
    expect((await json(wrong)).error.code).toBe('invalid_code');

    const code = await latestCode(s.db, 'new.a@example.com');
    const ok = await req(s.t.app, s.a, 'POST', '/confirm', { email: 'new.a@example.com', code });
    expect(ok.status).toBe(200);
    const cookie = sessionCookie(ok);
    expect(cookie).toBeDefined();
    const session = await req(s.t.app, s.a, 'GET', '/session', undefined, { cookie });
    expect(session.status).toBe(200);
    expect(await json(session)).toMatchObject({
      portal_id: s.a.id,
      customer: { id: customer.id, email: 'new.a@example.com' },
    });
    // The code is single use.
    const again = await req(s.t.app, s.a, 'POST', '/confirm', { email: 'new.a@example.com', code });
    expect(again.status).toBe(400);
    expect((await login('new.a@example.com')).status).toBe(200);
  });

  it('confirming applies the password of the registration that sent that code', async () => {
    const c = await makeCustomer(s.db, s.t.account.id, {
      email: 'race@example.com',
      campaignIds: [s.campaignA.id],
    });
    const register = (password: string) =>
      req(s.t.app, s.a, 'POST', '/register', {
        email: c.email,
        password,
        captcha_token: CAPTCHA,
      });
    expect((await register('owner chosen passphrase')).status).toBe(202);
    const code = await latestCode(s.db, c.email);
    // Within the cooldown a second registration sends nothing and changes nothing.
    expect((await register('attacker chosen passphrase')).status).toBe(202);
    const ok = await req(s.t.app, s.a, 'POST', '/confirm', { email: c.email, code });
    expect(ok.status).toBe(200);
    expect((await login(c.email, 'attacker chosen passphrase')).status).toBe(401);
    expect((await login(c.email, 'owner chosen passphrase')).status).toBe(200);
  });

  it('rejects short, common and untrimmed-too-short passwords at registration', async () => {
    for (const password of ['short', 'password123', 'qwertyuiop']) {
      const res = await req(s.t.app, s.a, 'POST', '/register', {
        email: 'weak@example.com',
        password,
        captcha_token: CAPTCHA,
      });
      expect(res.status, password).toBe(400);
    }
    // Spaces count: not trimmed.
    const spaced = await req(s.t.app, s.a, 'POST', '/register', {
      email: 'weak@example.com',
      password: '  ab  cd  ',
      captcha_token: CAPTCHA,
    });
    expect(spaced.status).toBe(202);
  });

  it('caps registrations and reset requests per client IP per hour (429, Retry-After)', async () => {
    s.clock.alignTo(60 * 60_000);
    const ip = '198.18.0.77';
    let last: Response | undefined;
    for (let i = 0; i <= MAIL_REQUESTS_PER_IP_HOUR; i++) {
      last = await req(
        s.t.app,
        s.a,
        'POST',
        '/password-reset/request',
        { email: `flood${i}@example.com` },
        { ip },
      );
    }
    expect(last?.status).toBe(429);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    const other = await req(s.t.app, s.a, 'POST', '/password-reset/request', {
      email: 'calm@example.com',
    });
    expect(other.status).toBe(202);
  });

  it('needs a captcha to register', async () => {
    const none = await req(s.t.app, s.a, 'POST', '/register', {
      email: 'x@example.com',
      password: GOOD_PASSWORD,
      captcha_token: 'wrong',
    });
    expect(none.status).toBe(400);
    expect((await json(none)).error.code).toBe('captcha_failed');
  });

  it('answers register the same whether the email exists, is filtered out, or is unknown', async () => {
    const a = await s.registeredCustomer();
    const bOnly = await s.registeredCustomer({ campaignIds: [s.campaignB.id] });
    const before = await s.db.selectFrom('outbox').select('id').execute();
    const bodies = [];
    for (const email of [a.email, bOnly.email, 'nobody-here@example.com']) {
      const res = await req(s.t.app, s.a, 'POST', '/register', {
        email,
        password: 'another fine passphrase',
        captcha_token: CAPTCHA,
      });
      expect(res.status).toBe(202);
      bodies.push(await res.text());
    }
    expect(new Set(bodies).size).toBe(1);
    const after = await s.db.selectFrom('outbox').select('id').execute();
    expect(after.length, 'no mail for registered, filtered or unknown').toBe(before.length);
    // The confirmed login kept its password.
    expect((await login(a.email)).status).toBe(200);
  });

  it('a Brand-A-only customer can neither register nor log in on the Brand B portal', async () => {
    const a = await s.registeredCustomer();
    const res = await login(a.email, GOOD_PASSWORD, () => s.b);
    expect(res.status).toBe(401);
    const unknown = await login('no-such@example.com', GOOD_PASSWORD, () => s.b);
    expect(await res.text()).toBe(await unknown.text());
    const fresh = await makeCustomer(s.db, s.t.account.id, {
      email: 'fresh.a@example.com',
      campaignIds: [s.campaignA.id],
    });
    const reg = await req(s.t.app, s.b, 'POST', '/register', {
      email: fresh.email,
      password: GOOD_PASSWORD,
      captcha_token: CAPTCHA,
    });
    expect(reg.status).toBe(202);
    const login_ = await s.db
      .selectFrom('customer_logins')
      .select('customer_id')
      .where('customer_id', '=', fresh.id)
      .executeTakeFirst();
    expect(login_, 'no login created through Brand B').toBeUndefined();
  });

  it('gives the same 401 for unknown, wrong password, filtered-out and disabled', async () => {
    const ok = await s.registeredCustomer();
    const disabled = await s.registeredCustomer({ status: 'disabled' });
    const filtered = await s.registeredCustomer({ campaignIds: [s.campaignB.id] });
    const answers = await Promise.all([
      login('unknown-person@example.com', GOOD_PASSWORD),
      login(ok.email, 'not the password at all'),
      login(filtered.email, GOOD_PASSWORD),
      login(disabled.email, GOOD_PASSWORD),
    ]);
    const bodies = await Promise.all(answers.map((r) => r.text()));
    for (const r of answers) expect(r.status).toBe(401);
    expect(new Set(bodies).size).toBe(1);
    expect(JSON.parse(bodies[0] as string).error.code).toBe('invalid_credentials');
  });

  it('creates a non-existing customer linked to the portal campaign when allowed', async () => {
    await s.db
      .updateTable('portals')
      .set({
        create_non_existing_customer: true,
        non_existing_customer_campaign_id: s.campaignA.id,
      })
      .where('id', '=', s.a.id)
      .execute();
    const res = await req(s.t.app, s.a, 'POST', '/register', {
      email: 'brand.new@example.com',
      password: GOOD_PASSWORD,
      captcha_token: CAPTCHA,
      first_name: 'Bea',
    });
    expect(res.status).toBe(202);
    const c = await s.db
      .selectFrom('customers')
      .innerJoin('customer_campaigns', 'customer_campaigns.customer_id', 'customers.id')
      .select(['customers.id', 'customers.first_name', 'customer_campaigns.campaign_id'])
      .where('email', '=', 'brand.new@example.com')
      .executeTakeFirstOrThrow();
    expect(c).toMatchObject({ first_name: 'Bea', campaign_id: s.campaignA.id });
    const code = await latestCode(s.db, 'brand.new@example.com');
    const conf = await req(s.t.app, s.a, 'POST', '/confirm', {
      email: 'brand.new@example.com',
      code,
    });
    expect(conf.status).toBe(200);
    await s.db
      .updateTable('portals')
      .set({ create_non_existing_customer: false, non_existing_customer_campaign_id: null })
      .where('id', '=', s.a.id)
      .execute();
  });

  it('creates no customer that the portal filters would refuse', async () => {
    await s.db
      .updateTable('portals')
      .set({ create_non_existing_customer: true, non_existing_customer_campaign_id: null })
      .where('id', '=', s.a.id)
      .execute();
    const res = await req(s.t.app, s.a, 'POST', '/register', {
      email: 'orphan@example.com',
      password: GOOD_PASSWORD,
      captcha_token: CAPTCHA,
    });
    expect(res.status).toBe(202);
    const row = await s.db
      .selectFrom('customers')
      .select('id')
      .where('email', '=', 'orphan@example.com')
      .executeTakeFirst();
    expect(row).toBeUndefined();
    await s.db
      .updateTable('portals')
      .set({ create_non_existing_customer: false })
      .where('id', '=', s.a.id)
      .execute();
  });

  it('sets the session cookie HttpOnly, Secure, SameSite=Lax, host-only, __Host- over https', async () => {
    const c = await s.registeredCustomer();
    const res = await login(c.email);
    const set = res.headers.getSetCookie().join('\n');
    expect(set).toMatch(/^__Host-portico_session=/);
    expect(set).toContain('HttpOnly');
    expect(set).toContain('Secure');
    expect(set).toContain('SameSite=Lax');
    expect(set).toContain('Path=/');
    expect(set).not.toMatch(/Domain=/i);
    const token = set.split(';')[0]?.split('=')[1] ?? '';
    expect(token.split('.')).toHaveLength(3);
    // Plain http (dev) gets the unprefixed name, without Secure.
    const dev = await req(
      s.t.app,
      s.a,
      'POST',
      '/login',
      { email: c.email, password: GOOD_PASSWORD },
      {
        host: 'localhost',
        scheme: 'http',
      },
    );
    const devSet = dev.headers.getSetCookie().join('\n');
    expect(devSet).toMatch(/^portico_session=/);
    expect(devSet).not.toContain('Secure');
  });

  it('in production the cookie is Secure and __Host- even behind a plain-http hop', async () => {
    const c = await s.registeredCustomer();
    const prod = productionApp(s.t.deps);
    const res = await req(
      prod,
      s.a,
      'POST',
      '/login',
      { email: c.email, password: GOOD_PASSWORD },
      {
        scheme: 'http',
        origin: `https://${s.a.hostname}`,
      },
    );
    expect(res.status).toBe(200);
    const set = res.headers.getSetCookie().join('\n');
    expect(set).toMatch(/^__Host-portico_session=/);
    expect(set).toContain('Secure');
    const local = await req(prod, s.a, 'GET', '/config', undefined, { host: 'localhost' });
    expect(local.status, 'no dev hosts in production').toBe(404);
  });

  it('rotates the session at login', async () => {
    const c = await s.registeredCustomer();
    const first = sessionCookie(await login(c.email));
    const second = await req(
      s.t.app,
      s.a,
      'POST',
      '/login',
      { email: c.email, password: GOOD_PASSWORD },
      {
        cookie: first,
      },
    );
    const secondCookie = sessionCookie(second);
    expect(secondCookie).not.toBe(first);
    expect((await req(s.t.app, s.a, 'GET', '/session', undefined, { cookie: first })).status).toBe(
      401,
    );
    expect(
      (await req(s.t.app, s.a, 'GET', '/session', undefined, { cookie: secondCookie })).status,
    ).toBe(200);
  });

  it('binds a session to its portal: another portal answers 401', async () => {
    const c = await s.registeredCustomer({ campaignIds: [s.campaignA.id, s.campaignB.id] });
    const cookie = sessionCookie(await login(c.email));
    expect((await req(s.t.app, s.a, 'GET', '/session', undefined, { cookie })).status).toBe(200);
    expect((await req(s.t.app, s.b, 'GET', '/session', undefined, { cookie })).status).toBe(401);
  });

  it('refuses a live session once the customer is disabled, the filters change or the portal is off', async () => {
    const c = await s.registeredCustomer();
    let cookie = sessionCookie(await login(c.email));
    await s.db
      .updateTable('customers')
      .set({ status: 'disabled' })
      .where('id', '=', c.id)
      .execute();
    expect((await req(s.t.app, s.a, 'GET', '/session', undefined, { cookie })).status).toBe(401);
    await s.db.updateTable('customers').set({ status: 'enabled' }).where('id', '=', c.id).execute();

    cookie = sessionCookie(await login(c.email));
    await s.db.deleteFrom('customer_campaigns').where('customer_id', '=', c.id).execute();
    expect((await req(s.t.app, s.a, 'GET', '/session', undefined, { cookie })).status).toBe(401);
    await s.db
      .insertInto('customer_campaigns')
      .values({ customer_id: c.id, campaign_id: s.campaignA.id, account_id: s.t.account.id })
      .execute();

    cookie = sessionCookie(await login(c.email));
    await s.db.updateTable('portals').set({ enabled: false }).where('id', '=', s.a.id).execute();
    expect((await req(s.t.app, s.a, 'GET', '/session', undefined, { cookie })).status).toBe(404);
    await s.db.updateTable('portals').set({ enabled: true }).where('id', '=', s.a.id).execute();
  });

  it('expires a session after 30 idle minutes, and after 12 hours whatever the activity', async () => {
    const c = await s.registeredCustomer();
    const cookie = sessionCookie(await login(c.email));
    s.clock.advance(29 * 60_000);
    expect((await req(s.t.app, s.a, 'GET', '/session', undefined, { cookie })).status).toBe(200);
    s.clock.advance(29 * 60_000);
    expect((await req(s.t.app, s.a, 'GET', '/session', undefined, { cookie })).status, 'slid').toBe(
      200,
    );
    s.clock.advance(31 * 60_000);
    expect((await req(s.t.app, s.a, 'GET', '/session', undefined, { cookie })).status, 'idle').toBe(
      401,
    );

    const busy = sessionCookie(await login(c.email));
    for (let i = 0; i < 24; i++) {
      s.clock.advance(29 * 60_000);
      await req(s.t.app, s.a, 'GET', '/session', undefined, { cookie: busy });
    }
    // 24 × 29 min = 11.6 h: still live; past 12 h: gone.
    expect((await req(s.t.app, s.a, 'GET', '/session', undefined, { cookie: busy })).status).toBe(
      200,
    );
    s.clock.advance(25 * 60_000);
    expect(
      (await req(s.t.app, s.a, 'GET', '/session', undefined, { cookie: busy })).status,
      'absolute',
    ).toBe(401);
  });

  it('logs out server-side: replaying the cookie is 401', async () => {
    const c = await s.registeredCustomer();
    const cookie = sessionCookie(await login(c.email));
    const out = await req(s.t.app, s.a, 'POST', '/logout', {}, { cookie });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().join()).toMatch(/Max-Age=0/);
    expect((await req(s.t.app, s.a, 'GET', '/session', undefined, { cookie })).status).toBe(401);
    expect((await req(s.t.app, s.a, 'POST', '/logout', {}, { cookie })).status).toBe(401);
  });

  it('refuses forged and tampered tokens', async () => {
    const c = await s.registeredCustomer();
    const cookie = sessionCookie(await login(c.email)) ?? '';
    const tampered = `${cookie.slice(0, -3)}${cookie.endsWith('A') ? 'B' : 'A'}xx`;
    expect(
      (await req(s.t.app, s.a, 'GET', '/session', undefined, { cookie: tampered })).status,
    ).toBe(401);
    expect(
      (
        await req(s.t.app, s.a, 'GET', '/session', undefined, {
          cookie: '__Host-portico_session=abc',
        })
      ).status,
    ).toBe(401);
  });

  it('resets a password: 202 always, code by mail, every session and code revoked, notice sent', async () => {
    const c = await s.registeredCustomer();
    const cookie1 = sessionCookie(await login(c.email));
    const cookie2 = sessionCookie(await login(c.email));
    const unknown = await req(s.t.app, s.a, 'POST', '/password-reset/request', {
      email: 'ghost@example.com',
    });
    const known = await req(s.t.app, s.a, 'POST', '/password-reset/request', { email: c.email });
    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    expect(await unknown.text()).toBe(await known.text());
    const code = await latestCode(s.db, c.email);
    const done = await req(s.t.app, s.a, 'POST', '/password-reset/confirm', {
      email: c.email,
      code,
      password: 'a brand new passphrase',
    });
    expect(done.status).toBe(200);
    expect(await json(done)).toMatchObject({ portal_id: s.a.id, customer: { id: c.id } });
    for (const cookie of [cookie1, cookie2]) {
      expect((await req(s.t.app, s.a, 'GET', '/session', undefined, { cookie })).status).toBe(401);
    }
    const fresh = sessionCookie(done);
    expect(fresh, 'signed in afresh').toBeDefined();
    expect((await req(s.t.app, s.a, 'GET', '/session', undefined, { cookie: fresh })).status).toBe(
      200,
    );
    expect((await login(c.email)).status, 'old password').toBe(401);
    expect((await login(c.email, 'a brand new passphrase')).status).toBe(200);
    const replay = await req(s.t.app, s.a, 'POST', '/password-reset/confirm', {
      email: c.email,
      code,
      password: 'yet another passphrase',
    });
    expect(replay.status).toBe(400);
    const notice = await s.db
      .selectFrom('outbox')
      .select('payload')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    expect(notice.payload).toMatchObject({ to: c.email, template: 'password_changed' });
    expect((notice.payload as { subject: string }).subject).toBe(
      'Your Brand A password was changed',
    );
  });

  it('a new code voids the old one; a code for one purpose or portal does not verify another', async () => {
    const c = await s.registeredCustomer({ campaignIds: [s.campaignA.id, s.campaignB.id] });
    await req(s.t.app, s.a, 'POST', '/password-reset/request', { email: c.email });
    const first = await latestCode(s.db, c.email);
    s.clock.advance(61_000);
    await req(s.t.app, s.a, 'POST', '/password-reset/request', { email: c.email });
    const second = await latestCode(s.db, c.email);
    const onB = await req(s.t.app, s.b, 'POST', '/password-reset/confirm', {
      email: c.email,
      code: second,
      password: 'other portal passphrase',
    });
    expect(onB.status, 'bound to portal').toBe(400);
    const asConfirm = await req(s.t.app, s.a, 'POST', '/confirm', { email: c.email, code: second });
    expect(asConfirm.status, 'bound to purpose').toBe(400);
    if (first !== second) {
      const old = await req(s.t.app, s.a, 'POST', '/password-reset/confirm', {
        email: c.email,
        code: first,
        password: 'stale code passphrase',
      });
      expect(old.status, 'old code void').toBe(400);
    }
    const ok = await req(s.t.app, s.a, 'POST', '/password-reset/confirm', {
      email: c.email,
      code: second,
      password: 'fresh code passphrase',
    });
    expect(ok.status).toBe(200);
  });

  it('limits code sends: 60 s cooldown and 5 per hour', async () => {
    const c = await s.registeredCustomer();
    const count = () =>
      s.db
        .selectFrom('email_codes')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('customer_id', '=', c.id)
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n));
    await req(s.t.app, s.a, 'POST', '/password-reset/request', { email: c.email });
    const cooled = await req(s.t.app, s.a, 'POST', '/password-reset/request', { email: c.email });
    expect(cooled.status).toBe(202);
    expect(await count(), 'cooldown').toBe(1);
    for (let i = 0; i < 6; i++) {
      s.clock.advance(61_000);
      await req(s.t.app, s.a, 'POST', '/password-reset/request', { email: c.email });
    }
    expect(await count(), 'hourly cap').toBe(5);
  });

  it('expires codes after 10 minutes', async () => {
    const c = await s.registeredCustomer();
    await req(s.t.app, s.a, 'POST', '/password-reset/request', { email: c.email });
    const code = await latestCode(s.db, c.email);
    s.clock.advance(10 * 60_000 + 1000);
    const res = await req(s.t.app, s.a, 'POST', '/password-reset/confirm', {
      email: c.email,
      code,
      password: 'too late passphrase',
    });
    expect(res.status).toBe(400);
  });
});
