import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestCode, shopperRequest as req, sessionCookie } from '../../testing/shopper.js';
import { shopperContext } from '../../testing/shopper-setup.js';

type Ctx = Awaited<ReturnType<typeof shopperContext>>;

/** Email code checks are one atomic UPDATE: parallel requests cannot beat the counters. */
describe('email codes under parallel requests', () => {
  let s: Ctx;
  beforeAll(async () => {
    s = await shopperContext();
  });
  afterAll(() => s.t.close());

  async function pendingCustomer() {
    const c = await s.registeredCustomer();
    await s.db
      .updateTable('customer_logins')
      .set({ confirmed_at: null })
      .where('customer_id', '=', c.id)
      .execute();
    await req(s.t.app, s.a, 'POST', '/register', {
      email: c.email,
      password: 'parallel passphrase',
      captcha_token: 'dev-captcha-pass',
    });
    return { ...c, code: await latestCode(s.db, c.email) };
  }

  const wrongCodes = (right: string, n: number) =>
    Array.from({ length: n }, (_, i) =>
      String((Number(right) + 1 + i) % 1_000_000).padStart(6, '0'),
    );

  it('20 parallel wrong codes all count: the right one afterwards is refused', async () => {
    const c = await pendingCustomer();
    const results = await Promise.all(
      wrongCodes(c.code, 20).map((code) =>
        req(s.t.app, s.a, 'POST', '/confirm', { email: c.email, code }),
      ),
    );
    expect(results.every((r) => r.status === 400)).toBe(true);
    const row = await s.db
      .selectFrom('email_codes')
      .select(['attempts', 'consumed_at'])
      .where('customer_id', '=', c.id)
      .where('purpose', '=', 'confirm')
      .executeTakeFirstOrThrow();
    expect(row.attempts).toBe(5);
    const right = await req(s.t.app, s.a, 'POST', '/confirm', { email: c.email, code: c.code });
    expect(right.status).toBe(400);
  });

  it('4 wrong codes then the right one still confirms (burn at 5)', async () => {
    const c = await pendingCustomer();
    for (const code of wrongCodes(c.code, 4)) {
      await req(s.t.app, s.a, 'POST', '/confirm', { email: c.email, code });
    }
    const right = await req(s.t.app, s.a, 'POST', '/confirm', { email: c.email, code: c.code });
    expect(right.status).toBe(200);
  });

  it('10 parallel right codes give exactly one session', async () => {
    const c = await pendingCustomer();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        req(s.t.app, s.a, 'POST', '/confirm', { email: c.email, code: c.code }),
      ),
    );
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    expect(sessionCookie(ok[0] as Response)).toBeDefined();
    const sessions = await s.db
      .selectFrom('sessions')
      .select('id')
      .where('customer_id', '=', c.id)
      .execute();
    expect(sessions).toHaveLength(1);
  });

  it('10 parallel reset confirmations with the right code change the password once', async () => {
    const c = await s.registeredCustomer();
    await req(s.t.app, s.a, 'POST', '/password-reset/request', { email: c.email });
    const code = await latestCode(s.db, c.email);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        req(s.t.app, s.a, 'POST', '/password-reset/confirm', {
          email: c.email,
          code,
          password: `parallel reset passphrase ${i}`,
        }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
  });
});
