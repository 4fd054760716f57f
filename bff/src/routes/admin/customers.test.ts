import { PLAN_FOR_VALUES, type Tx } from '@portico/db';
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  digitGrams,
  leadingTrigrams,
  readTrigramFrequencies,
  searchCustomersQuery,
  WALK_ROWS,
  withGenericPlan,
} from '../../services/customers/customers.js';
import { makeCampaign, makeCustomer, makePortal, makeShop } from '../../testing/fixtures.js';
import { createTestContext, json, type TestContext } from '../../testing/harness.js';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

const address = {
  line1: '1 Main St',
  city: 'Springfield',
  country: 'US',
  postal_code: '12345',
};

describe('admin customers', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  /**
   * The plan Postgres picks for `compile`'s statement with the account's b-tree indexes
   * dropped and sequential scans priced out (all inside a transaction rolled back): only a
   * scan of an index the statement's predicates match exactly avoids a Seq Scan.
   */
  const planWithoutBtrees = async (compile: (tx: Tx) => CompiledQuery): Promise<string> => {
    const rollback = new Error('rollback');
    let plan = '';
    await t.handle.db
      .transaction()
      .execute(async (tx) => {
        for (const index of [
          'customers_account_order',
          'customers_account_email',
          'customers_account_internal_id',
          'customers_prefix_email',
          'customers_prefix_name',
          'customers_prefix_last_name',
          'customers_prefix_phone',
          'customers_prefix_internal_id',
        ]) {
          await sql`drop index ${sql.ref(index)}`.execute(tx);
        }
        await sql`set local enable_seqscan = off`.execute(tx);
        const query = compile(tx);
        const result = await tx.executeQuery<{ 'QUERY PLAN': string }>(
          CompiledQuery.raw(`explain ${query.sql}`, [...query.parameters]),
        );
        plan = result.rows.map((r) => r['QUERY PLAN']).join('\n');
        throw rollback;
      })
      .catch((err) => {
        if (err !== rollback) throw err;
      });
    return plan;
  };

  const create = (body: Record<string, unknown>, key?: string) =>
    t.admin('POST', '/customers', body, key);
  const audits = (customerId: string) =>
    t.handle.db
      .selectFrom('audit_events')
      .select(['action', 'actor', 'data'])
      .where('customer_id', '=', customerId)
      .orderBy('created_at')
      .execute();
  const notes = (customerId: string) =>
    t.handle.db
      .selectFrom('customer_notes')
      .select(['body', 'source'])
      .where('customer_id', '=', customerId)
      .execute();

  describe('CreateCustomer and GetCustomer', () => {
    it('creates a customer with links and returns it with campaign, shop and group ids', async () => {
      const campaign = await makeCampaign(t.handle.db, t.account.id);
      const shop = await makeShop(t.handle.db, t.account.id);
      const res = await create({
        email: '  Ann.Lee@Example.COM ',
        first_name: 'Ann',
        last_name: 'Lee',
        company: 'Acme',
        phone: '+1 555 0100',
        bill_to: address,
        ship_to: { ...address, line1: '2 Side St' },
        internal_id: 'INT-1',
        external_id: 'ext-1',
        campaign_ids: [campaign.id, campaign.id],
        shop_ids: [shop.id],
        metadata: { tier: 'gold', visits: 3, vip: true, dropped: null },
      });
      expect(res.status, 'created').toBe(201);
      const body = await json(res);
      expect(body, 'response').toMatchObject({
        email: 'ann.lee@example.com',
        first_name: 'Ann',
        status: 'enabled',
        bill_to: address,
        campaign_ids: [campaign.id],
        shop_ids: [shop.id],
        group_ids: [],
        metadata: { tier: 'gold', visits: 3, vip: true },
      });
      expect(body.metadata, 'null metadata values are not stored').not.toHaveProperty('dropped');

      const got = await t.admin('GET', `/customers/${body.id}`);
      expect(got.status, 'get').toBe(200);
      expect(await json(got), 'get equals create').toEqual(body);
      expect(await audits(body.id), 'audit').toMatchObject([
        { action: 'customer.created', actor: 'admin' },
      ]);
    });

    it('takes an email once per account, case-insensitively (409 email_taken)', async () => {
      expect((await create({ email: 'dup@example.com' })).status).toBe(201);
      const res = await create({ email: 'DUP@Example.com' });
      expect(res.status, 'same email other case').toBe(409);
      expect((await json(res)).error.code).toBe('email_taken');

      const legacy = await makeCustomer(t.handle.db, t.account.id, { email: 'Mixed@Case.com' });
      const res2 = await create({ email: 'mixed@case.com' });
      expect(res2.status, `stored mixed-case ${legacy.email}`).toBe(409);

      const other = await t.newAccount('Other shop');
      expect((await create({ email: 'dup@example.com' }, other.key)).status, 'other account').toBe(
        201,
      );
    });

    it('refuses campaign and shop ids that are unknown or belong to another account (422)', async () => {
      const other = await t.newAccount('Foreign');
      const foreignCampaign = await makeCampaign(t.handle.db, other.id);
      const foreignShop = await makeShop(t.handle.db, other.id);
      const mine = await makeCampaign(t.handle.db, t.account.id);
      const cases: [Record<string, unknown>, string, string][] = [
        [{ campaign_ids: [UNKNOWN] }, 'campaign_not_found', UNKNOWN],
        [{ campaign_ids: [mine.id, foreignCampaign.id] }, 'campaign_not_found', foreignCampaign.id],
        [{ shop_ids: [UNKNOWN] }, 'shop_not_found', UNKNOWN],
        [{ shop_ids: [foreignShop.id] }, 'shop_not_found', foreignShop.id],
      ];
      for (const [links, code, missing] of cases) {
        const email = `links-${code}-${missing.slice(0, 4)}@example.com`;
        const res = await create({ email, ...links });
        expect(res.status, JSON.stringify(links)).toBe(422);
        const body = await json(res);
        expect(body.error.code).toBe(code);
        expect(body.error.details.ids).toEqual([missing]);
        const written = await t.handle.db
          .selectFrom('customers')
          .select('id')
          .where('email', '=', email)
          .execute();
        expect(written, 'nothing written').toEqual([]);
      }
    });

    it('rejects fields a caller may not set and malformed values with 400 validation_failed', async () => {
      const bad: Record<string, unknown>[] = [
        {},
        { email: 'not-an-email' },
        { email: 'a@example.com', status: 'disabled' },
        { email: 'a@example.com', account_id: t.account.id },
        { email: 'a@example.com', id: UNKNOWN },
        { email: 'a@example.com', campaign_ids: ['nope'] },
        { email: 'a@example.com', bill_to: { line1: 'x' } },
        { email: 'a@example.com', bill_to: { ...address, country: 'usa' } },
        { email: 'a@example.com', metadata: { nested: { a: 1 } } },
        { email: 'a@example.com', metadata: { ['k'.repeat(65)]: 1 } },
        {
          email: 'a@example.com',
          metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])),
        },
        { email: 'a@example.com', first_name: 'x'.repeat(101) },
      ];
      for (const body of bad) {
        const res = await create(body);
        expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
        expect((await json(res)).error.code).toBe('validation_failed');
      }
    });

    it('answers a malformed or unknown id with the same 404', async () => {
      const a = await t.admin('GET', '/customers/not-a-uuid');
      const b = await t.admin('GET', `/customers/${UNKNOWN}`);
      expect(a.status).toBe(404);
      expect(await json(a)).toEqual(await json(b));
    });
  });

  describe('tenancy', () => {
    it("gives another account's key a 404 for every route on this account's customer", async () => {
      const mine = await json(create({ email: 'tenant@example.com', metadata: { a: 1 } }));
      const other = await t.newAccount('Snooper');
      const requests: [string, string, unknown?][] = [
        ['GET', `/customers/${mine.id}`],
        ['PATCH', `/customers/${mine.id}`, { first_name: 'Hacked', metadata: { a: null } }],
        ['POST', `/customers/${mine.id}/disable`, {}],
        ['POST', `/customers/${mine.id}/enable`, {}],
        ['GET', `/customers/${mine.id}/notes`],
        ['POST', `/customers/${mine.id}/notes`, { body: 'x' }],
      ];
      for (const [method, path, body] of requests) {
        const res = await t.admin(method, path, body, other.key);
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(await json(res), 'same body as an unknown id').toEqual(
          await json(t.admin('GET', `/customers/${UNKNOWN}`)),
        );
      }
      const list = await json(t.admin('GET', '/customers', undefined, other.key));
      expect(list.data, 'list').toEqual([]);
      const found = await json(t.admin('GET', '/customers/search?q=tenant', undefined, other.key));
      expect(found.data, 'search').toEqual([]);
      expect(await json(t.admin('GET', `/customers/${mine.id}`)), 'unchanged').toEqual(mine);
      expect(await audits(mine.id), 'no audit from the other account').toHaveLength(1);
    });
  });

  describe('GetCustomers', () => {
    it('pages in a stable created_at, id order, even while customers are added', async () => {
      const acc = await t.newAccount('Paging');
      const made: string[] = [];
      for (let i = 0; i < 5; i++) {
        made.push((await json(create({ email: `p${i}@example.com` }, acc.key))).id);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const q: string = cursor ? `&cursor=${cursor}` : '';
        const res = await t.admin('GET', `/customers?limit=2${q}`, undefined, acc.key);
        expect(res.status).toBe(200);
        const page = await json(res);
        seen.push(...page.data.map((c: { id: string }) => c.id));
        cursor = page.next_cursor;
        if (pages === 0) await create({ email: 'late@example.com' }, acc.key);
        pages++;
      } while (cursor);
      const late = seen.pop();
      expect(seen, 'every customer once, in creation order').toEqual(made);
      expect(late, 'a customer added meanwhile comes last').toBeDefined();
      const full = await json(t.admin('GET', '/customers?limit=100', undefined, acc.key));
      expect(full.data.map((c: { id: string }) => c.id)).toEqual([...made, late]);
      expect(full.data[0].campaign_ids, 'links on list rows').toEqual([]);
    });

    it('filters by status, campaign and shop', async () => {
      const acc = await t.newAccount('Filters');
      const campaign = await makeCampaign(t.handle.db, acc.id);
      const shop = await makeShop(t.handle.db, acc.id);
      const a = await makeCustomer(t.handle.db, acc.id, { campaignIds: [campaign.id] });
      const b = await makeCustomer(t.handle.db, acc.id, { shopIds: [shop.id], status: 'disabled' });
      const c = await makeCustomer(t.handle.db, acc.id, {
        campaignIds: [campaign.id],
        shopIds: [shop.id],
      });
      const ids = async (q: string) =>
        (await json(t.admin('GET', `/customers?${q}`, undefined, acc.key))).data.map(
          (x: { id: string }) => x.id,
        );
      expect(await ids('status=disabled'), 'status').toEqual([b.id]);
      expect(await ids('status=enabled'), 'status').toEqual([a.id, c.id]);
      expect(await ids(`campaign_id=${campaign.id}`), 'campaign').toEqual([a.id, c.id]);
      expect(await ids(`shop_id=${shop.id}`), 'shop').toEqual([b.id, c.id]);
      expect(await ids(`shop_id=${shop.id}&campaign_id=${campaign.id}`), 'both').toEqual([c.id]);
      expect(await ids(`campaign_id=${UNKNOWN}`), 'unknown campaign').toEqual([]);
      for (const q of [
        'status=gone',
        'campaign_id=x',
        'limit=0',
        'limit=101',
        'cursor=%%',
        'x=1',
      ]) {
        const res = await t.admin('GET', `/customers?${q}`, undefined, acc.key);
        expect(res.status, q).toBe(400);
        expect((await json(res)).error.code, q).toBe('validation_failed');
      }
    });
  });

  describe('EditCustomer', () => {
    it('changes only given fields, replaces link lists, merges metadata and deletes null keys', async () => {
      const c1 = await makeCampaign(t.handle.db, t.account.id);
      const c2 = await makeCampaign(t.handle.db, t.account.id);
      const shop = await makeShop(t.handle.db, t.account.id);
      const created = await json(
        create({
          email: 'edit@example.com',
          first_name: 'Ed',
          phone: '555',
          campaign_ids: [c1.id],
          shop_ids: [shop.id],
          metadata: { keep: 'yes', change: 1, remove: true },
        }),
      );
      const res = await t.admin('PATCH', `/customers/${created.id}`, {
        first_name: 'Edward',
        phone: null,
        ship_to: address,
        campaign_ids: [c2.id],
        metadata: { change: 2, remove: null, added: 'new' },
      });
      expect(res.status).toBe(200);
      const body = await json(res);
      expect(body).toMatchObject({
        email: 'edit@example.com',
        first_name: 'Edward',
        phone: null,
        ship_to: address,
        campaign_ids: [c2.id],
        shop_ids: [shop.id],
        metadata: { keep: 'yes', change: 2, added: 'new' },
      });
      expect(Object.keys(body.metadata).sort()).toEqual(['added', 'change', 'keep']);
      expect(await json(t.admin('GET', `/customers/${created.id}`)), 'persisted').toEqual(body);

      const cleared = await json(
        t.admin('PATCH', `/customers/${created.id}`, { shop_ids: [], ship_to: null }),
      );
      expect(cleared, 'empty list clears').toMatchObject({ shop_ids: [], ship_to: null });
      expect(cleared.campaign_ids, 'omitted list kept').toEqual([c2.id]);
      const empty = await t.admin('PATCH', `/customers/${created.id}`, {});
      expect(await json(empty), 'an empty edit changes nothing').toEqual(cleared);
      expect((await audits(created.id)).map((a) => a.action)).toEqual([
        'customer.created',
        'customer.updated',
        'customer.updated',
      ]);
    });

    it('applies the same email, link and metadata rules as create', async () => {
      await create({ email: 'taken@example.com' });
      const me = await json(create({ email: 'me@example.com', metadata: { a: 1 } }));
      const taken = await t.admin('PATCH', `/customers/${me.id}`, { email: 'TAKEN@example.com' });
      expect(taken.status).toBe(409);
      expect((await json(taken)).error.code).toBe('email_taken');
      const own = await t.admin('PATCH', `/customers/${me.id}`, { email: 'ME@example.com' });
      expect(own.status, 'own email in another case').toBe(200);

      const other = await t.newAccount('Edit foreign');
      const foreign = await makeShop(t.handle.db, other.id);
      const res = await t.admin('PATCH', `/customers/${me.id}`, {
        first_name: 'Changed',
        shop_ids: [foreign.id],
      });
      expect(res.status).toBe(422);
      expect((await json(res)).error.code).toBe('shop_not_found');

      const tooMany = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i]));
      const over = await t.admin('PATCH', `/customers/${me.id}`, { metadata: tooMany });
      expect(over.status, '51 keys after the merge').toBe(400);
      expect((await json(over)).error.code).toBe('validation_failed');

      for (const bad of [
        { status: 'disabled' },
        { email: null },
        { metadata: [] },
        { id: UNKNOWN },
      ]) {
        const r = await t.admin('PATCH', `/customers/${me.id}`, bad);
        expect(r.status, JSON.stringify(bad)).toBe(400);
      }
      const after = await json(t.admin('GET', `/customers/${me.id}`));
      expect(after, 'nothing applied by refused edits').toMatchObject({
        first_name: null,
        shop_ids: [],
        metadata: { a: 1 },
      });
    });
  });

  it('never lets a metadata key named __proto__ reach a prototype', async () => {
    const created = await json(
      t.admin('POST', '/customers', '{"email":"proto@example.com","metadata":{"__proto__":"a"}}'),
    );
    const res = await t.admin(
      'PATCH',
      `/customers/${created.id}`,
      '{"metadata":{"__proto__":"b","constructor":"c"}}',
    );
    expect(res.status).toBe(200);
    const body = await json(res);
    // The schema drops a `__proto__` key; `constructor` is an ordinary key.
    expect(Object.getOwnPropertyNames(body.metadata)).toEqual(['constructor']);
    expect(body.metadata.constructor).toBe('c');
    const stored = await t.handle.db
      .selectFrom('customers')
      .select('metadata')
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(stored.metadata).toEqual({ constructor: 'c' });
    expect(({} as Record<string, unknown>).polluted, 'no prototype pollution').toBeUndefined();
  });

  describe('EnableCustomer and DisableCustomer', () => {
    it('disables, revokes live sessions, notes and audits in one go; enables again', async () => {
      const customer = await makeCustomer(t.handle.db, t.account.id);
      const portal = await makePortal(t.handle.db, t.account.id);
      const later = new Date(Date.now() + 3_600_000);
      const session = (revoked: Date | null) => ({
        account_id: t.account.id,
        portal_id: portal.id,
        customer_id: customer.id,
        last_seen_at: new Date(),
        idle_expires_at: later,
        absolute_expires_at: later,
        revoked_at: revoked,
        revoked_reason: revoked ? 'logout' : null,
      });
      const earlier = new Date(Date.now() - 60_000);
      await t.handle.db
        .insertInto('sessions')
        .values([session(null), session(null), session(earlier)])
        .execute();
      const bystander = await makeCustomer(t.handle.db, t.account.id);
      await t.handle.db
        .insertInto('sessions')
        .values({ ...session(null), customer_id: bystander.id })
        .execute();

      const res = await t.admin('POST', `/customers/${customer.id}/disable`, {});
      expect(res.status).toBe(200);
      expect((await json(res)).status).toBe('disabled');
      const sessions = await t.handle.db
        .selectFrom('sessions')
        .select(['customer_id', 'revoked_at', 'revoked_reason'])
        .execute();
      const reasons = (id: string) =>
        sessions
          .filter((s) => s.customer_id === id)
          .map((s) => s.revoked_reason)
          .sort();
      expect(reasons(customer.id), 'live sessions revoked').toEqual([
        'customer_disabled',
        'customer_disabled',
        'logout',
      ]);
      expect(reasons(bystander.id), 'other customers untouched').toEqual([null]);
      expect(
        sessions.find((s) => s.revoked_reason === 'logout')?.revoked_at,
        'an old revocation keeps its time',
      ).toEqual(earlier);

      const again = await t.admin('POST', `/customers/${customer.id}/disable`, {});
      expect(again.status, 'disabling twice is harmless').toBe(200);
      const enabled = await t.admin('POST', `/customers/${customer.id}/enable`, {});
      expect((await json(enabled)).status).toBe('enabled');

      expect(await notes(customer.id), 'one note per real change').toEqual([
        { body: 'Disabled by merchant', source: 'admin' },
        { body: 'Enabled by merchant', source: 'admin' },
      ]);
      expect((await audits(customer.id)).map((a) => a.action)).toEqual([
        'customer.disabled',
        'customer.enabled',
      ]);
    });
  });

  it('takes enable and disable as JSON requests with or without a body', async () => {
    const customer = await makeCustomer(t.handle.db, t.account.id);
    const res = await t.app.request(`/api/admin/v1/customers/${customer.id}/disable`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.account.key}`, 'content-type': 'application/json' },
    });
    expect(res.status, 'no body').toBe(200);
    expect((await json(res)).status).toBe('disabled');
    const plain = await t.app.request(`/api/admin/v1/customers/${customer.id}/enable`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.account.key}`, 'content-type': 'text/plain' },
      body: 'enable',
    });
    expect(plain.status, 'not JSON').toBe(415);
  });

  describe('SearchCustomers', () => {
    let acc: { id: string; key: string };
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      acc = await t.newAccount('Search');
      const people = {
        ann: { email: 'Ann.Smith@Example.com', first_name: 'Ann', last_name: 'Smith' },
        bob: {
          email: 'bob@shop.test',
          first_name: 'Bob',
          last_name: 'Jones',
          phone: '+1 (555) 010-7788',
        },
        carla: { email: 'carla@shop.test', internal_id: 'VIP-0042', first_name: 'Carla' },
        pct: { email: 'pct@shop.test', internal_id: 'SAVE50%NOW', last_name: 'Under_Score' },
        plain: { email: 'plain@shop.test', internal_id: 'SAVE50XNOW', last_name: 'UnderXScore' },
      };
      for (const [name, body] of Object.entries(people)) {
        const res = await create(body, acc.key);
        expect(res.status, name).toBe(201);
        ids[name] = (await json(res)).id;
      }
      // The same person in another account is never found.
      await create({ email: 'ann.smith@example.com', first_name: 'Ann' });
    });

    const search = async (q: string, limit?: number) => {
      const qs = new URLSearchParams({ q, ...(limit ? { limit: String(limit) } : {}) });
      const res = await t.admin('GET', `/customers/search?${qs}`, undefined, acc.key);
      expect(res.status, q).toBe(200);
      return (await json(res)).data.map((c: { id: string }) => c.id);
    };

    it('finds partial, case-insensitive matches by each field', async () => {
      expect(await search('ANN.SM'), 'email').toEqual([ids.ann]);
      expect(await search('shop.TEST'), 'email domain').toEqual([
        ids.bob,
        ids.carla,
        ids.pct,
        ids.plain,
      ]);
      expect(await search('010-77'), 'phone').toEqual([ids.bob]);
      expect(await search('jOnEs'), 'last name').toEqual([ids.bob]);
      expect(await search('carl'), 'first name').toEqual([ids.carla]);
      expect(await search('ann smith'), 'full name').toEqual([ids.ann]);
      expect(await search('vip-00'), 'internal id').toEqual([ids.carla]);
      expect(await search('zzz-nobody'), 'no match').toEqual([]);
    });

    it('treats % and _ in the query as literal characters', async () => {
      expect(await search('50%n'), 'percent').toEqual([ids.pct]);
      expect(await search('50xn'), 'plain letter').toEqual([ids.plain]);
      expect(await search('%%'), 'only wildcards').toEqual([]);
      expect(await search('under_s'), 'underscore').toEqual([ids.pct]);
      expect(await search('r_s'), 'underscore inside').toEqual([ids.pct]);
      expect(await search('\\%'), 'backslash').toEqual([]);
    });

    it('limits results and validates the query', async () => {
      expect(await search('shop.test', 2)).toEqual([ids.bob, ids.carla]);
      for (const q of ['q=a', 'q=', '', 'q=ann&limit=0', 'q=ann&limit=101', 'q=ann&x=1']) {
        const res = await t.admin('GET', `/customers/search?${q}`, undefined, acc.key);
        expect(res.status, q).toBe(400);
        expect((await json(res)).error.code).toBe('validation_failed');
      }
    });

    it('finds values that start with the query and values that contain it', async () => {
      // "carla@…" starts with "carl"; "Under_Score" contains "r_s" without starting with it.
      expect(await search('under')).toEqual([ids.pct, ids.plain]);
      expect(await search('test')).toEqual([ids.bob, ids.carla, ids.pct, ids.plain]);
    });

    it('answers each customer exactly as GetCustomer does, links included', async () => {
      const campaign = await makeCampaign(t.handle.db, acc.id);
      const shop = await makeShop(t.handle.db, acc.id);
      const res = await create(
        {
          email: 'linked@links.invalid',
          first_name: 'Lena',
          phone: '+44 20 7946 0000',
          bill_to: address,
          metadata: { tier: 'gold' },
          campaign_ids: [campaign.id],
          shop_ids: [shop.id],
        },
        acc.key,
      );
      const id = (await json(res)).id;
      const group = await json(await t.admin('POST', '/groups', { name: 'Linked' }, acc.key));
      const member = await t.admin(
        'POST',
        `/customers/${id}/groups`,
        { group_id: group.id },
        acc.key,
      );
      expect(member.status, 'group member').toBeLessThan(300);
      const got = await json(await t.admin('GET', `/customers/${id}`, undefined, acc.key));
      expect(got.group_ids, 'fixture').toEqual([group.id]);
      for (const q of ['linked@', 'ks.invalid']) {
        const qs = new URLSearchParams({ q });
        const found = await t.admin('GET', `/customers/search?${qs}`, undefined, acc.key);
        expect((await json(found)).data, q).toEqual([got]);
      }
    });

    it('never matches text that spans two values, yet finds a value holding the separator', async () => {
      // The inside step searches one document per customer: the values joined by U+001F.
      const res = await create({ email: 'odd@unit.invalid', first_name: 'Xa\u001fb' }, acc.key);
      expect(res.status).toBe(201);
      const odd = (await json(res)).id;
      expect(await search('example.com\u001fann'), 'email end, then first name').toEqual([]);
      expect(await search('a\u001fb'), 'the separator inside a first name').toEqual([odd]);
      expect(await search('a.invalid\u001fxa'), 'email end, then first name').toEqual([]);
    });

    it('finds the same customers whether or not rare trigrams lead the index scan', async () => {
      // Every three-letter piece is missing from these statistics, so every piece is "rare".
      const allRare = new Map([['zzz', 0.5]]);
      for (const q of ['shop.test', 'mith@example', '50xnow', 'ith', '555) 010', 'nderxsc']) {
        const plain = await searchCustomersQuery(acc.id, q, 25).execute(t.handle.db);
        const pieces = leadingTrigrams(q, allRare);
        const led = await searchCustomersQuery(acc.id, q, 25, { leading: pieces }).execute(
          t.handle.db,
        );
        expect(
          led.rows.map((r) => r.id),
          q,
        ).toEqual(plain.rows.map((r) => r.id));
      }
      expect(leadingTrigrams('shop.test', allRare)).toEqual(['sho', 'hop', 'tes', 'est']);
    });

    it('reads trigram frequencies from the statistics ANALYZE keeps', async () => {
      expect((await readTrigramFrequencies(t.handle.db)).size, 'before ANALYZE').toBe(0);
      await sql`analyze customers`.execute(t.handle.db);
      const frequencies = await readTrigramFrequencies(t.handle.db);
      // "shop.test" is in four of this file's customers, and every value is lower-cased.
      expect(frequencies.get('sho')).toBeGreaterThan(0);
      expect(frequencies.get('sho')).toBeLessThanOrEqual(1);
      expect(frequencies.has('SHO')).toBe(false);
    });

    it('answers the prefix step from index ranges when the statement runs with a generic plan', async () => {
      // Hot statements run prepared; after five runs Postgres may keep a generic plan, which
      // cannot turn `like $1 || '%'` into an index range: it walked each prefix index through
      // the whole account (40–70 ms at 10,000 customers). Forced generic here, each prefix
      // scan must still be bounded by the query.
      // With rare trigrams leading, the shape that runs prepared.
      const pieces = leadingTrigrams('Smith', new Map([['zzz', 0.5]]));
      expect(pieces.length, 'rare trigrams').toBeGreaterThan(1);
      const query = searchCustomersQuery(acc.id, 'Smith', 10, { leading: pieces }).compile(
        t.handle.db,
      );
      const literal = (v: unknown) =>
        typeof v === 'number' ? String(v) : `'${String(v).replaceAll("'", "''")}'`;
      const viaApi = await search('Smith');
      let plan = '';
      await t.handle.db.connection().execute(async (conn) => {
        await sql`set plan_cache_mode = force_generic_plan`.execute(conn);
        await sql`set enable_seqscan = off`.execute(conn);
        await sql.raw(`prepare search_generic as ${query.sql}`).execute(conn);
        try {
          const args = query.parameters.map(literal).join(', ');
          const explained = await sql
            .raw<{ 'QUERY PLAN': string }>(`explain execute search_generic(${args})`)
            .execute(conn);
          plan = explained.rows.map((r) => r['QUERY PLAN']).join('\n');
          const found = await sql
            .raw<{ id: string }>(`execute search_generic(${args})`)
            .execute(conn);
          expect(
            found.rows.map((r) => r.id),
            'the generic plan finds what the API does',
          ).toEqual(viaApi);
        } finally {
          await sql`deallocate search_generic`.execute(conn);
          await sql`reset plan_cache_mode`.execute(conn);
          await sql`reset enable_seqscan`.execute(conn);
        }
      });
      // The prefix step, before the inside step's CTE (which may use any index here).
      const lines = plan.split('\n').slice(
        0,
        plan.split('\n').findIndex((l) => l.includes('CTE matched')),
      );
      const scans = lines.flatMap((l, i) =>
        /Index Scan using customers_prefix_/.test(l) ? [i] : [],
      );
      expect(scans.length, plan).toBe(5);
      for (const at of scans) {
        expect(lines[at + 1], plan).toMatch(/Index Cond: .*>=.*<.*/);
        expect(lines[at + 2] ?? '', 'no filter after the range').not.toMatch(/^\s*Filter:/);
      }
    });

    it.runIf(process.env.DATABASE_URL)(
      'prepares a search led by rare trigrams, and plans one without them for its values',
      async () => {
        // Without rare trigrams a query may match most customers ("example.com"), where only
        // a plan made for its value scans from the first page instead of reading every
        // posting list; a prepared statement's generic plan cannot.
        const rare = leadingTrigrams('Smith', new Map([['zzz', 0.5]]));
        const led = searchCustomersQuery(acc.id, 'Smith', 10, { leading: rare });
        const plain = searchCustomersQuery(acc.id, 'shop.test', 10);
        const prepared = await t.handle.db.connection().execute(async (conn) => {
          for (let i = 0; i < 3; i++) {
            await led.execute(conn);
            await plain.execute(conn);
          }
          const { rows } = await sql<{ statement: string }>`
            select statement from pg_prepared_statements`.execute(conn);
          return rows.map((r) => r.statement);
        });
        expect(prepared, 'led by rare trigrams').toContain(led.compile(t.handle.db).sql);
        expect(prepared, 'planned for its values').not.toContain(plain.compile(t.handle.db).sql);
      },
    );

    it.runIf(process.env.DATABASE_URL)(
      'runs a search on its generic plan when asked, never planning it for the values',
      async () => {
        const pieces = leadingTrigrams('Smith', new Map([['zzz', 0.5]]));
        // A limit no other test uses: a statement text of its own on the connection.
        const query = searchCustomersQuery(acc.id, 'Smith', 30, { leading: pieces });
        const { found, stats } = await t.handle.db.connection().execute(async (conn) => {
          const runs = [];
          for (let i = 0; i < 3; i++) runs.push((await withGenericPlan(conn, query)).rows);
          const { rows } = await sql<{
            statement: string;
            generic_plans: string;
            custom_plans: string;
          }>`select statement, generic_plans, custom_plans from pg_prepared_statements`.execute(
            conn,
          );
          const text = query.compile(conn).sql;
          return { found: runs, stats: rows.find((r) => r.statement === text) };
        });
        expect(stats, 'prepared once it repeated').toBeDefined();
        expect(Number(stats?.custom_plans), 'plans made for the values').toBe(0);
        expect(Number(stats?.generic_plans), 'runs on the generic plan').toBeGreaterThan(0);
        expect(
          found.map((rows) => rows.map((r) => r.id)),
          'the same customers each time',
        ).toEqual([[ids.ann], [ids.ann], [ids.ann]]);
      },
    );

    it('finds with either step alone what both steps find together', async () => {
      const ids = async (query: {
        execute(db: typeof t.handle.db): Promise<{ rows: { id: string }[] }>;
      }) => (await query.execute(t.handle.db)).rows.map((r) => r.id);
      for (const q of ['shop.test', 'ann', 'r_s', 'carl', 'zzz']) {
        const both = await ids(searchCustomersQuery(acc.id, q, 25));
        const prefix = await ids(searchCustomersQuery(acc.id, q, 25, { steps: 'prefix' }));
        const inside = await ids(searchCustomersQuery(acc.id, q, 25, { steps: 'inside' }));
        expect(prefix.length > 0 ? prefix : inside, q).toEqual(both);
      }
      // The prefix step alone is safe to prepare; the inside step without rare trigrams is not.
      const text = (steps: 'prefix' | 'inside') =>
        searchCustomersQuery(acc.id, 'shop.test', 25, { steps }).compile(t.handle.db).sql;
      expect(text('prefix')).not.toContain(PLAN_FOR_VALUES);
      expect(text('inside')).toContain(PLAN_FOR_VALUES);
    });

    it('returns more than 25 prefix matches when a larger limit asks for them', async () => {
      const other = await t.newAccount('Search limits');
      for (let i = 0; i < 30; i++) {
        await makeCustomer(t.handle.db, other.id, { email: `bulk${i}@limits.test` });
      }
      const found = async (limit: number) =>
        (await searchCustomersQuery(other.id, 'bulk', limit).execute(t.handle.db)).rows.length;
      expect(await found(25), 'limit 25').toBe(25);
      expect(await found(26), 'limit 26').toBe(26);
      expect(await found(100), 'limit 100').toBe(30);
    });

    it('walks the newest customers for a dense query, and uses the index when they hold too few', async () => {
      const other = await t.newAccount('Search walk');
      // The oldest 20 contain "needle", then WALK_ROWS + 40 that do not, then 30 that do.
      const insert = (from: number, to: number, word: string, age: number) =>
        sql`insert into customers (account_id, email, created_at)
          select ${other.id}::uuid, ${word} || i || '@walk.test', now() - make_interval(secs => ${age} - i)
          from generate_series(${from}::int, ${to}::int) as i`.execute(t.handle.db);
      await insert(1, 20, 'xneedle', 100_000);
      const inside = async (q: string, walk: boolean) =>
        (
          await searchCustomersQuery(other.id, q, 25, { steps: 'inside', walk }).execute(
            t.handle.db,
          )
        ).rows.map((r) => r.id);
      const byAge = async (word: string, newest: boolean) =>
        (
          await sql<{ id: string }>`select id from customers
            where account_id = ${other.id} and email like ${`${word}%`}
            order by created_at ${sql.raw(newest ? 'desc' : 'asc')}, id ${sql.raw(newest ? 'desc' : 'asc')}
            limit 25`.execute(t.handle.db)
        ).rows.map((r) => r.id);
      const oldest = await byAge('xneedle', false);
      expect(await inside('needle', true), 'fewer matches than a page: the index').toEqual(
        await inside('needle', false),
      );
      await insert(1, WALK_ROWS + 40, 'xhay', 50_000);
      // Only 0 of the newest WALK_ROWS match: the index finds the old ones, oldest first.
      expect(await inside('needle', true), 'walk too short: the index').toEqual(oldest);
      // And the walk stopped at WALK_ROWS rows of the account's order, not at its end.
      const query = searchCustomersQuery(other.id, 'needle', 25, {
        steps: 'inside',
        walk: true,
      }).compile(t.handle.db);
      const plan = (
        await t.handle.db.executeQuery<{ 'QUERY PLAN': string }>(
          CompiledQuery.raw(`explain (analyze, costs off, timing off, summary off) ${query.sql}`, [
            ...query.parameters,
          ]),
        )
      ).rows.map((r) => r['QUERY PLAN']);
      // In the CTE `walked`: the inner Limit gave WALK_ROWS rows and the test removed them all.
      const walk = plan.slice(
        plan.findIndex((l) => l.includes('CTE walked')),
        plan.findIndex((l) => l.includes('CTE matched')),
      );
      expect(walk.join('\n'), plan.join('\n')).toMatch(
        new RegExp(`Limit \\(actual rows=${WALK_ROWS} loops=1\\)`),
      );
      expect(walk.join('\n')).toMatch(new RegExp(`Rows Removed by Filter: ${WALK_ROWS}\\b`));
      await insert(1, 30, 'ypin', 10_000);
      await insert(1, 30, 'xneedle-new', 1_000);
      // 30 of the newest match: the walk returns the newest 25, by created_at like the index.
      const newest = (await byAge('xneedle-new', true)).reverse();
      expect(await inside('needle', true), 'the walk: newest 25, oldest first').toEqual(newest);
      expect(await inside('needle', false), 'the index: the first found, by age').not.toEqual(
        newest,
      );
      expect(await inside('needle', true), 'the same customers again').toEqual(newest);
    });

    describe('digits queries', () => {
      let digits: { id: string; key: string };
      const named: Record<string, string> = {};
      beforeAll(async () => {
        digits = await t.newAccount('Search digits');
        // Oldest first. The document keeps each value as written, lower-cased: "5555" is in
        // it only where the four digits are contiguous, never across punctuation or a space.
        const people = [
          ['spaced', { phone: '+1 555 5555' }],
          ['split', { phone: '(555) 5-555' }],
          ['order', { internal_id: 'ORD-55555' }],
          ['email', { email: 'x5555y@digits.test' }],
          ['dashed', { phone: '555-5555' }],
          ['threes', { phone: '555 555', internal_id: '5-5-5-5' }],
          ['pairs', { phone: '+55 55', first_name: 'Ann', last_name: 'Lee' }],
        ] as const;
        let age = people.length;
        for (const [name, values] of people) {
          const row = await sql<{ id: string }>`insert into customers
              (account_id, email, phone, internal_id, first_name, last_name, created_at)
            values (${digits.id}, ${'email' in values ? values.email : `${name}@digits.test`},
              ${'phone' in values ? values.phone : null},
              ${'internal_id' in values ? values.internal_id : null},
              ${'first_name' in values ? values.first_name : null},
              ${'last_name' in values ? values.last_name : null},
              now() - make_interval(secs => ${age--}))
            returning id`.execute(t.handle.db);
          named[name] = row.rows[0]?.id ?? '';
        }
      });

      const inside = async (q: string, walk: boolean, grams: readonly string[]) =>
        (
          await searchCustomersQuery(digits.id, q, 25, {
            steps: 'inside',
            walk,
            digits: grams,
          }).execute(t.handle.db)
        ).rows.map((r) => r.id);

      it('finds exactly the customers whose document holds the digits, as the trigram path does', async () => {
        const cases = {
          '5555': ['spaced', 'order', 'email', 'dashed'],
          '55555': ['order'],
          '1 555 5555': ['spaced'],
          '5-5555': ['dashed'],
          '5555y@': ['email'],
          // No run of four digits: the trigram path, which meets "55 55" across the space.
          '55 55': ['spaced', 'threes', 'pairs'],
          '0000': [],
        };
        for (const [q, names] of Object.entries(cases)) {
          const expected = names.map((n) => named[n]);
          expect(digitGrams(q).length > 0 || q === '55 55', q).toBe(true);
          expect(await inside(q, false, digitGrams(q)), `${q}: digit index`).toEqual(expected);
          expect(await inside(q, true, digitGrams(q)), `${q}: walk, then digit index`).toEqual(
            expected,
          );
          expect(await inside(q, false, []), `${q}: trigram index`).toEqual(expected);
          const qs = new URLSearchParams({ q });
          const res = await t.admin('GET', `/customers/search?${qs}`, undefined, digits.key);
          expect(
            (await json(res)).data.map((c: { id: string }) => c.id),
            `${q}: the API`,
          ).toEqual(expected);
        }
      });

      it('lets the digit index alone find the candidates of a query with a run of four digits', async () => {
        // As for the trigram index below: with the account's b-tree indexes gone and
        // sequential scans priced out, a scan of the digit index is the only plan that avoids
        // a Seq Scan, and the trigram index must not be scanned for the inside step at all.
        const plan = await planWithoutBtrees((tx) =>
          searchCustomersQuery(digits.id, '5-5555', 25, {
            steps: 'inside',
            digits: digitGrams('5-5555'),
          }).compile(tx),
        );
        const lines = plan.split('\n');
        const scan = lines.findIndex((l) =>
          l.includes('Bitmap Index Scan on customers_search_digit_grams'),
        );
        expect(scan, plan).toBeGreaterThan(-1);
        expect(lines[scan + 1] ?? '', plan).toMatch(/Index Cond: .*@> .*'\{5555\}'/);
        expect(plan, 'no trigram index').not.toContain('customers_search_document');
        expect(plan, 'no Seq Scan').not.toContain('Seq Scan');
      });
    });

    it('lets the trigram index answer the inside step, rare trigrams first', async () => {
      // Without the account's b-tree indexes and with sequential scans priced out, the only
      // plan for the inside step that avoids a Seq Scan is a scan of the document's trigram
      // index; a predicate that is not exactly its expression would force the Seq Scan back.
      const q = 'Ann_%xyz';
      const pieces = leadingTrigrams(q, new Map([['zzz', 0.5]]));
      expect(pieces).toEqual(['Ann', 'xyz']);
      const plan = await planWithoutBtrees((tx) =>
        searchCustomersQuery(acc.id, q, 10, { leading: pieces }).compile(tx),
      );
      const lines = plan.split('\n');
      const scan = lines.findIndex((l) =>
        l.includes('Bitmap Index Scan on customers_search_document'),
      );
      expect(scan, plan).toBeGreaterThan(-1);
      const cond = lines[scan + 1] ?? '';
      const at = ["'%ann%'", "'%xyz%'", "'%ann\\_\\%xyz%'"].map((text) => cond.indexOf(text));
      expect(
        at.every((i) => i >= 0),
        cond,
      ).toBe(true);
      expect(
        [...at].sort((a, b) => a - b),
        'rarest first, the whole query last',
      ).toEqual(at);
    });
  });
});
