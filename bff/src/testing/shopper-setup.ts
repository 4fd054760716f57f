import { createApp } from '../app.js';
import type { AppDeps } from '../http/context.js';
import { hashPassword } from '../services/passwords/hasher.js';
import { makeCampaign, makeCustomer, makePortal } from './fixtures.js';
import { createTestContext, type TestContext } from './harness.js';
import { GOOD_PASSWORD, testClock } from './shopper.js';

/**
 * One merchant with two brands: portal A admits Brand A's campaign, portal B Brand B's.
 * The client IP comes from the `x-test-ip` header (app.request has no socket).
 */
export async function shopperContext(deps: Partial<AppDeps> = {}, config?: AppDeps['config']) {
  const clock = testClock();
  const t: TestContext = await createTestContext({
    ...(config ? { config } : {}),
    deps: { clock: clock.now, clientIp: (c) => c.req.header('x-test-ip'), ...deps },
  });
  const db = t.handle.db;
  const campaignA = await makeCampaign(db, t.account.id, 'Brand A');
  const campaignB = await makeCampaign(db, t.account.id, 'Brand B');
  const portalA = await makePortal(db, t.account.id, {
    name: 'Brand A',
    campaignIds: [campaignA.id],
    hostname: `portal-a-${Math.random().toString(36).slice(2, 8)}.brand-a.example`,
  });
  const portalB = await makePortal(db, t.account.id, {
    name: 'Brand B',
    campaignIds: [campaignB.id],
    hostname: `portal-b-${Math.random().toString(36).slice(2, 8)}.brand-b.example`,
  });
  const hostOf = async (p: { tracking_domain_id: string }) =>
    (
      await db
        .selectFrom('tracking_domains')
        .select('hostname')
        .where('id', '=', p.tracking_domain_id)
        .executeTakeFirstOrThrow()
    ).hostname;
  const a = { id: portalA.id, hostname: await hostOf(portalA) };
  const b = { id: portalB.id, hostname: await hostOf(portalB) };

  /** A Brand A customer with a confirmed portal login. */
  const registeredCustomer = async (
    opts: { email?: string; campaignIds?: string[]; status?: 'enabled' | 'disabled' } = {},
  ) => {
    const customer = await makeCustomer(db, t.account.id, {
      ...(opts.email ? { email: opts.email } : {}),
      campaignIds: opts.campaignIds ?? [campaignA.id],
      ...(opts.status ? { status: opts.status } : {}),
    });
    await db
      .insertInto('customer_logins')
      .values({
        customer_id: customer.id,
        account_id: t.account.id,
        password_hash: await hashPassword(GOOD_PASSWORD),
        confirmed_at: new Date(),
      })
      .execute();
    return customer;
  };
  return { t, db, clock, campaignA, campaignB, portalA, portalB, a, b, registeredCustomer };
}

/** A second app over the same deps, configured as production (no dev hosts, no dev captcha). */
export function productionApp(deps: AppDeps) {
  return createApp({
    ...deps,
    config: { ...deps.config, production: true, devHosts: [], captchaMode: 'recaptcha' },
  });
}
