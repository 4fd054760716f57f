import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_BUSY_RETRY_AFTER_S } from '../../services/identity/login-lane.js';
import { verificationsRun } from '../../services/passwords/hasher.js';
import { Semaphore } from '../../services/passwords/semaphore.js';
import { json } from '../../testing/harness.js';
import { GOOD_PASSWORD, shopperRequest as req, sessionCookie } from '../../testing/shopper.js';
import { shopperContext } from '../../testing/shopper-setup.js';

/**
 * Credential checks go through a lane (a few at once, a bounded queue behind them), so a
 * login storm feeds the hashing threads steadily instead of starting every login's queries
 * at once; past the queue a login is told to come back (503), before any lookup.
 */
describe('login lane', () => {
  const lane = new Semaphore(1, 1);
  let s: Awaited<ReturnType<typeof shopperContext>>;
  beforeAll(async () => {
    s = await shopperContext({ loginLane: lane });
  });
  afterAll(() => s.t.close());

  it('runs one credential check at a time and lets every login of a burst in', async () => {
    const wide = new Semaphore(1, 100);
    const burst = await shopperContext({ loginLane: wide });
    try {
      const customers = await Promise.all(
        Array.from({ length: 12 }, () => burst.registeredCustomer()),
      );
      let peak = 0;
      const probe = setInterval(() => {
        peak = Math.max(peak, wide.inUse);
      }, 1);
      const responses = await Promise.all(
        customers.map((c, i) =>
          req(
            burst.t.app,
            burst.a,
            'POST',
            '/login',
            { email: c.email, password: GOOD_PASSWORD },
            { ip: `198.51.100.${i}` },
          ),
        ),
      );
      clearInterval(probe);

      expect(responses.map((r) => r.status)).toEqual(customers.map(() => 200));
      expect(peak, 'credential checks seen at once').toBe(1);
      const cookies = new Set(responses.map((r) => sessionCookie(r)));
      expect(cookies.size, 'a session of its own for every login').toBe(customers.length);
      expect(wide.queued, 'queue drained').toBe(0);
    } finally {
      await burst.t.close();
    }
  });

  it('answers 503 with Retry-After when the queue is full, spending no hash and no attempt', async () => {
    const c = await s.registeredCustomer();
    let release = () => {};
    const busy = lane.run(() => new Promise<void>((r) => (release = r)));
    const waiting = lane.run(async () => {});
    const before = verificationsRun();

    const res = await req(s.t.app, s.a, 'POST', '/login', {
      email: c.email,
      password: 'not the password at all',
    });

    expect(res.status).toBe(503);
    expect((await json(res)).error.code).toBe('service_unavailable');
    expect(res.headers.get('retry-after')).toBe(String(LOGIN_BUSY_RETRY_AFTER_S));
    expect(verificationsRun() - before, 'argon2 verifications').toBe(0);
    const failures = await s.db
      .selectFrom('rate_limit_counters')
      .select('key')
      .where('key', 'like', `login:email:%${c.email}`)
      .execute();
    expect(failures, 'a refused login is not a failed attempt').toEqual([]);

    release();
    await Promise.all([busy, waiting]);
    const ok = await req(s.t.app, s.a, 'POST', '/login', {
      email: c.email,
      password: GOOD_PASSWORD,
    });
    expect(ok.status, 'once the queue has room').toBe(200);
  });
});
