import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAN_FOR_VALUES, StatementNames } from './auto-prepare.js';
import type { DbHandle } from './connect.js';
import { freshDatabase } from './testing.js';

describe('StatementNames', () => {
  it('names a DML statement once it repeats, and the same text always the same name', () => {
    const names = new StatementNames(2, 10);
    const text = 'select id from customers where id = $1';
    expect(names.nameFor(text)).toBeUndefined();
    const name = names.nameFor(text);
    expect(name).toMatch(/^portico_\d+$/);
    expect(names.nameFor(text)).toBe(name);
    expect(names.nameFor('select 2')).toBeUndefined();
    expect(names.nameFor('select 2')).not.toBe(name);
  });

  it('never prepares transaction control or settings', () => {
    const names = new StatementNames(1, 10);
    for (const text of ['begin', 'commit', 'rollback', 'set local lock_timeout = 1000']) {
      expect(names.nameFor(text), text).toBeUndefined();
    }
    expect(names.nameFor('  WITH x as (select 1) select * from x')).toBeDefined();
  });

  it('never prepares a statement that asks to be planned for its values', () => {
    const names = new StatementNames(1, 10);
    const text = `${PLAN_FOR_VALUES} with x as (select $1::text) select * from x`;
    for (let i = 0; i < 5; i++) expect(names.nameFor(text), `use ${i + 1}`).toBeUndefined();
    expect(names.prepared).toBe(0);
  });

  it('stops naming new statements at its cap', () => {
    const names = new StatementNames(1, 3);
    const named = ['a', 'b', 'c', 'd'].map((t) => names.nameFor(`select '${t}'`));
    expect(named.filter(Boolean)).toHaveLength(3);
    expect(named[3]).toBeUndefined();
    expect(names.prepared).toBe(3);
  });
});

describe.runIf(process.env.DATABASE_URL)('auto-prepared statements on Postgres', () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await freshDatabase();
  });
  afterAll(() => handle.close());

  it('runs a repeated query as a prepared statement on its connection, with the same results', async () => {
    await handle.db.connection().execute(async (conn) => {
      const query = (n: number) =>
        conn
          .selectFrom('accounts')
          .select(sql<number>`${n}::int`.as('n'))
          .where('name', '=', 'nobody')
          .execute();
      for (let n = 0; n < 3; n++) expect(await query(n)).toEqual([]);
      const prepared = await sql<{ name: string; statement: string }>`
        select name, statement from pg_prepared_statements`.execute(conn);
      const ours = prepared.rows.filter((r) => r.statement.includes('from "accounts"'));
      expect(ours).toHaveLength(1);
      expect(ours[0]?.name).toMatch(/^portico_\d+$/);
    });
  });
});
