import { connect, type Db } from '@portico/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.js';
import { createLogger } from '../../logger.js';
import {
  COMPACTION_LOCK,
  compactOverviewChanges,
} from '../../services/account/overview-changes.js';
import { json } from '../../testing/harness.js';
import {
  createShopperTestContext,
  makeSalvage,
  makeSubscription,
  makeTrial,
  type Shopper,
  type ShopperTestContext,
} from '../../testing/shopper-harness.js';

/**
 * The server holds each session's overview body with its version and Postgres writes the
 * body again only when the version moved (migration `2026-12-07-0100`): these prove the held
 * body is used, and that every kind of change, by any code path or by hand in SQL, reaches
 * the next GET.
 */
describe('account overview: the held body and its version', () => {
  let t: ShopperTestContext;
  beforeAll(async () => {
    t = await createShopperTestContext();
  });
  afterAll(() => t.close());

  const overview = async (s: Shopper) => {
    const res = await s.req('GET', '/account');
    expect(res.status, 'overview status').toBe(200);
    return json(res);
  };

  /** A change Postgres's triggers do not see: only a held body can hide it. */
  const behindTriggers = (db: Db, statement: ReturnType<typeof sql>) =>
    db.transaction().execute(async (tx) => {
      await sql`set local session_replication_role = replica`.execute(tx);
      await statement.execute(tx);
    });

  const version = async (customerId: string) => {
    const row = await sql<{ version: string }>`select coalesce(sum(changes), 0)::text as version
      from customer_overview_changes where customer_id = ${customerId}`.execute(t.handle.db);
    return row.rows[0]?.version;
  };

  it('answers from the held body while the version stands, and rebuilds it once it moves', async () => {
    const s = await t.newShopper();
    expect((await overview(s)).contact.first_name).toBe('Ann');
    await behindTriggers(
      t.handle.db,
      sql`update customers set first_name = 'Unseen' where id = ${s.customerId}`,
    );
    expect((await overview(s)).contact.first_name, 'held body: the version did not move').toBe(
      'Ann',
    );

    await makeTrial(t, s);
    const after = await overview(s);
    expect(after.trials, 'the trial that moved the version').toHaveLength(1);
    expect(after.contact.first_name, 'the whole body is rebuilt').toBe('Unseen');
  });

  it('shows every kind of change on the next GET, made through the API or by hand in SQL', async () => {
    const s = await t.newShopper();
    const db = t.handle.db;
    await overview(s);

    const contact = await s.req('PATCH', '/account/contact', { first_name: 'Anna' });
    expect(contact.status).toBe(200);
    expect((await overview(s)).contact.first_name, 'contact through the API').toBe('Anna');

    await sql`update customers set ship_to = ${JSON.stringify({
      line1: '9 Elm St',
      city: 'Shelbyville',
      country: 'US',
      postal_code: '54321',
    })}::jsonb where id = ${s.customerId}`.execute(db);
    expect((await overview(s)).ship_to?.line1, 'customer row in SQL').toBe('9 Elm St');

    const card = await t.addCard(s);
    expect(
      (await overview(s)).cards.map((c: { id: string }) => c.id),
      'card added',
    ).toEqual([card.id]);
    await sql`update customer_cards set exp_year = 2040 where id = ${card.id}`.execute(db);
    expect((await overview(s)).cards[0].exp_year, 'card updated in SQL').toBe(2040);

    const sub = await makeSubscription(t, s);
    expect((await overview(s)).subscriptions, 'subscription inserted').toHaveLength(1);
    await sql`update subscriptions set status = 'cancelled' where id = ${sub.id}`.execute(db);
    expect((await overview(s)).subscriptions[0].status, 'subscription updated').toBe('cancelled');

    const trial = await makeTrial(t, s);
    await overview(s);
    await sql`update trials set status = 'expired' where id = ${trial.id}`.execute(db);
    expect((await overview(s)).trials[0].status, 'trial updated').toBe('expired');

    const open = await makeSalvage(t, s);
    expect(
      (await overview(s)).salvage_transactions.map((v: { id: string }) => v.id),
      'salvage inserted',
    ).toEqual([open.id]);
    await sql`update salvage_transactions set status = 'paid' where id = ${open.id}`.execute(db);
    expect((await overview(s)).salvage_transactions, 'salvage paid: no longer open').toEqual([]);

    await sql`delete from subscriptions where customer_id = ${s.customerId}`.execute(db);
    expect((await overview(s)).subscriptions, 'subscriptions deleted').toEqual([]);

    const removed = await s.req('DELETE', `/cards/${card.id}`);
    expect(removed.status).toBe(200);
    expect((await overview(s)).cards, 'card removed through the API').toEqual([]);
  });

  it('keeps each version when compaction folds the change rows, and drops deleted customers’', async () => {
    const s = await t.newShopper();
    const gone = await t.newShopper();
    for (let i = 0; i < 3; i++) await makeSubscription(t, s, { name: `Box ${i}` });
    await makeTrial(t, gone);
    await overview(s);
    const before = await version(s.customerId);
    expect(Number(before), 'three inserts counted').toBeGreaterThanOrEqual(3);

    await sql`delete from customers where id = ${gone.customerId}`.execute(t.handle.db);
    expect(await compactOverviewChanges(t.handle.db), 'customers folded').toBeGreaterThanOrEqual(1);
    const rows = await t.handle.db
      .selectFrom('customer_overview_changes')
      .select('customer_id')
      .where('customer_id', 'in', [s.customerId, gone.customerId])
      .execute();
    expect(
      rows.map((r) => r.customer_id),
      'one folded row, none for the deleted',
    ).toEqual([s.customerId]);
    expect(await version(s.customerId), 'the sum is kept').toBe(before);

    await behindTriggers(
      t.handle.db,
      sql`update customers set first_name = 'Unseen' where id = ${s.customerId}`,
    );
    expect((await overview(s)).contact.first_name, 'still the held body').toBe('Ann');
    await makeTrial(t, s);
    expect((await overview(s)).contact.first_name, 'a change after folding moves it').toBe(
      'Unseen',
    );
  });

  it.runIf(Boolean(process.env.DATABASE_URL))(
    'lets one instance fold at a time: another skips while the lock is held',
    async () => {
      const s = await t.newShopper();
      await makeTrial(t, s);
      await makeTrial(t, s);
      const rowsOf = async () =>
        (
          await t.handle.db
            .selectFrom('customer_overview_changes')
            .select('changes')
            .where('customer_id', '=', s.customerId)
            .execute()
        ).length;
      expect(await rowsOf(), 'unfolded').toBe(2);
      let release = () => {};
      let locked = () => {};
      const isLocked = new Promise<void>((r) => (locked = r));
      const holder = t.handle.db.transaction().execute(async (tx) => {
        await sql`select pg_advisory_xact_lock(hashtext(${COMPACTION_LOCK}))`.execute(tx);
        locked();
        await new Promise<void>((r) => (release = r));
      });
      await isLocked;
      expect(await compactOverviewChanges(t.handle.db), 'skipped while another folds').toBe(0);
      expect(await rowsOf(), 'nothing folded').toBe(2);
      release();
      await holder;
      expect(await compactOverviewChanges(t.handle.db)).toBeGreaterThanOrEqual(1);
      expect(await rowsOf(), 'folded once the lock is free').toBe(1);
    },
  );

  it.runIf(Boolean(process.env.DATABASE_URL))(
    'shows a change made through another instance, whose cache is its own',
    async () => {
      const url = (t.handle as { url?: string }).url;
      if (!url) throw new Error('a real Postgres handle carries its url');
      const second = await connect({ databaseUrl: url, poolSize: 2 });
      try {
        const app2 = createApp({ ...t.deps, db: second.db, logger: createLogger('silent') });
        const s = await t.newShopper();
        const viaSecond = s.via(app2);
        await overview(s);
        expect((await viaSecond('GET', '/account')).status).toBe(200);
        const res = await viaSecond('PATCH', '/account/contact', { last_name: 'Second' });
        expect(res.status).toBe(200);
        expect((await overview(s)).contact.last_name, 'first instance, held body replaced').toBe(
          'Second',
        );
      } finally {
        await second.close();
      }
    },
  );
});
