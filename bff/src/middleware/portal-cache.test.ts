import type { Db } from '@portico/db';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isSessionSectionPath } from '../http/session-sections.js';
import { json } from '../testing/harness.js';
import { GOOD_PASSWORD, shopperRequest as req, sessionCookie } from '../testing/shopper.js';
import { shopperContext } from '../testing/shopper-setup.js';

const STOREFRONT = 'https://shop.brand-a.example';

/** The SQL of every statement sent through `db` while `run` runs. */
async function statements(db: Db, run: () => Promise<unknown>): Promise<string[]> {
  const executor = db.getExecutor();
  const original = executor.executeQuery.bind(executor);
  const seen: string[] = [];
  executor.executeQuery = ((query: { sql: string }, ...rest: unknown[]) => {
    seen.push(query.sql);
    return (original as (...a: unknown[]) => unknown)(query, ...rest);
  }) as typeof executor.executeQuery;
  try {
    await run();
  } finally {
    executor.executeQuery = original;
  }
  return seen;
}

/**
 * The session sections start from an in-memory copy of the portal, checked against the
 * database's `config_version` inside the session query. Every change a merchant makes must
 * apply to the very next request, as when the portal was read fresh each time.
 */
describe('cached portal records', () => {
  let s: Awaited<ReturnType<typeof shopperContext>>;
  let cookie: string;
  const account = (opts: { origin?: string } = {}) =>
    req(s.t.app, s.a, 'GET', '/account', undefined, { cookie, ...opts });
  const editContact = (opts: { origin?: string } = {}) =>
    req(s.t.app, s.a, 'PATCH', '/account/contact', { first_name: 'Cached' }, { cookie, ...opts });
  const setPortal = (values: Record<string, unknown>) =>
    s.db.updateTable('portals').set(values).where('id', '=', s.a.id).execute();

  beforeAll(async () => {
    s = await shopperContext();
  });
  afterAll(() => s.t.close());

  beforeEach(async () => {
    await setPortal({
      enabled: true,
      permissions: ['contact_modify', 'subscription_cancel'],
      allowed_origins: [STOREFRONT],
      campaign_ids: [s.campaignA.id],
    });
    const c = await s.registeredCustomer();
    const login = await req(s.t.app, s.a, 'POST', '/login', {
      email: c.email,
      password: GOOD_PASSWORD,
    });
    cookie = sessionCookie(login) as string;
    expect((await account()).status).toBe(200); // warms the cache
  });

  it('serves a warm overview in one statement (the session check carries the overview)', async () => {
    const seen = await statements(s.db, async () => expect((await account()).status).toBe(200));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/ from "sessions" /);
    expect(seen.filter((sql) => sql.includes('"tracking_domains"'))).toEqual([]);
  });

  it('a disabled portal answers 404 on the next request', async () => {
    await setPortal({ enabled: false });
    const res = await account();
    expect(res.status).toBe(404);
    expect((await json(res)).error.code).toBe('not_found');
  });

  it('a tracking domain that stops being ready answers 404 on the next request', async () => {
    const { tracking_domain_id } = await s.db
      .selectFrom('portals')
      .select('tracking_domain_id')
      .where('id', '=', s.a.id)
      .executeTakeFirstOrThrow();
    await s.db
      .updateTable('tracking_domains')
      .set({ ssl_active: false })
      .where('id', '=', tracking_domain_id)
      .execute();
    try {
      expect((await account()).status).toBe(404);
    } finally {
      await s.db
        .updateTable('tracking_domains')
        .set({ ssl_active: true })
        .where('id', '=', tracking_domain_id)
        .execute();
    }
  });

  it('a permission turned off refuses the next action', async () => {
    expect((await editContact()).status).toBe(200);
    await setPortal({ permissions: ['subscription_cancel'] });
    const res = await editContact();
    expect(res.status).toBe(403);
    expect((await json(res)).error.code).toBe('permission_denied');
    expect((await json(await account())).permissions).toEqual(['subscription_cancel']);
  });

  it('a filter that no longer admits the customer ends the session', async () => {
    await setPortal({ campaign_ids: [s.campaignB.id] });
    expect((await account()).status).toBe(401);
    await setPortal({ campaign_ids: [s.campaignA.id] });
    expect((await account()).status).toBe(401); // revoked, not merely refused
  });

  it('an embedding origin removed is refused at once, for CSRF and for CORS', async () => {
    const before = await account({ origin: STOREFRONT });
    expect(before.headers.get('access-control-allow-origin')).toBe(STOREFRONT);
    expect((await editContact({ origin: STOREFRONT })).status).toBe(200);
    await setPortal({ allowed_origins: [] });
    const post = await editContact({ origin: STOREFRONT });
    expect(post.status).toBe(403);
    expect((await json(post)).error.code).toBe('csrf_rejected');
    const get = await account({ origin: STOREFRONT });
    expect(get.status).toBe(200);
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('an embedding origin added is admitted at once (a stale copy never refuses)', async () => {
    const added = 'https://new.brand-a.example';
    expect((await editContact({ origin: added })).status).toBe(403);
    await setPortal({ allowed_origins: [STOREFRONT, added] });
    expect((await editContact({ origin: added })).status).toBe(200);
  });

  it('a signed-out request to a portal disabled meanwhile answers 404, not 401', async () => {
    await setPortal({ enabled: false });
    const res = await req(s.t.app, s.a, 'GET', '/account');
    expect(res.status).toBe(404);
  });

  it('the sign-in routes always read the portal fresh', async () => {
    await setPortal({ enabled: false });
    const res = await req(s.t.app, s.a, 'POST', '/login', {
      email: 'nobody@example.com',
      password: GOOD_PASSWORD,
    });
    expect(res.status).toBe(404);
  });
});

describe('isSessionSectionPath', () => {
  it('names exactly the guarded sections', () => {
    const id = '9b2f3c4d-0000-4000-8000-000000000001';
    for (const p of ['/account', '/account/contact', '/cards/x/default', '/transactions']) {
      expect(isSessionSectionPath(`/api/portals/${id}${p}`), p).toBe(true);
    }
    for (const p of ['/login', '/session', '/config', '/accounts', '/cardsx', '']) {
      expect(isSessionSectionPath(`/api/portals/${id}${p}`), p).toBe(false);
    }
    expect(isSessionSectionPath('/api/admin/v1/account')).toBe(false);
  });
});
