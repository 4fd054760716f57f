import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledOnce } from './compiled-once.js';
import type { DbHandle } from './connect.js';
import { freshDatabase } from './testing.js';
import type { Db } from './transaction.js';

describe('compiledOnce', () => {
  let handle: DbHandle;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    handle = await freshDatabase();
    for (const name of ['Ada', 'Bea', 'Cy']) {
      const row = await handle.db
        .insertInto('accounts')
        .values({ name })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids[name] = row.id;
    }
  });
  afterAll(() => handle.close());

  let builds = 0;
  const accounts = compiledOnce(
    (db: Db, v: { ids: string[]; prefix: string }, shape: 'by-id' | 'by-id-and-name') => {
      builds++;
      let q = db
        .selectFrom('accounts')
        .select(['id', 'name'])
        .where('id', '=', (eb) => eb.fn.any(eb.val(v.ids)))
        .where('name', '<>', 'never this name')
        .orderBy('name');
      if (shape === 'by-id-and-name') q = q.where('name', 'like', v.prefix);
      return q;
    },
  );

  it('binds each call’s values into SQL built once per shape, with the same rows', async () => {
    const { db } = handle;
    const all = [ids.Ada, ids.Bea, ids.Cy] as string[];
    expect((await accounts(db, { ids: all, prefix: '' }, 'by-id')).map((r) => r.name)).toEqual([
      'Ada',
      'Bea',
      'Cy',
    ]);
    expect(
      (await accounts(db, { ids: [ids.Bea as string], prefix: '' }, 'by-id')).map((r) => r.name),
    ).toEqual(['Bea']);
    expect(builds).toBe(1);
    const named = await accounts(db, { ids: all, prefix: 'C%' }, 'by-id-and-name');
    expect(named.map((r) => r.name)).toEqual(['Cy']);
    expect(await accounts(db, { ids: all, prefix: 'Z%' }, 'by-id-and-name')).toEqual([]);
    expect(builds).toBe(2);
    await db.transaction().execute(async (tx) => {
      expect(await accounts(tx, { ids: [ids.Ada as string], prefix: '' }, 'by-id')).toHaveLength(1);
    });
    expect(builds).toBe(2); // a transaction shares its database's compiled SQL
  });

  it('refuses a query that writes a value into its SQL text instead of binding it', async () => {
    const inlined = compiledOnce((db: Db, v: { name: string }, _shape: 'one') =>
      db.selectFrom('accounts').select('id').where(sql.lit(v.name), '=', 'x'),
    );
    await expect(inlined(handle.db, { name: 'Ada' }, 'one')).rejects.toThrow(/not bound/);
  });
});
