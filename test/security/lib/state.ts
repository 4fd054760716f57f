import type { Db } from '@portico/db';
import { sql } from 'kysely';

/**
 * Columns a request may legitimately touch without changing anything a shopper or merchant
 * owns: the caller's own session sliding its idle expiry, and the admin key's last use.
 */
const VOLATILE: Record<string, string[]> = {
  sessions: ['last_seen_at', 'idle_expires_at'],
  api_keys: ['last_used_at'],
};

let tablesCache: WeakMap<Db, Promise<string[]>> = new WeakMap();

/** Every base table of the public schema except the migration bookkeeping. */
export function allTables(db: Db): Promise<string[]> {
  let tables = tablesCache.get(db);
  if (!tables) {
    tables = sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE'
        and table_name not like 'kysely_%'
      order by table_name
    `
      .execute(db)
      .then((r) => r.rows.map((row) => row.table_name));
    tablesCache.set(db, tables);
  }
  return tables;
}

export function resetTableCache(): void {
  tablesCache = new WeakMap();
}

export type Snapshot = Record<string, string>;

/**
 * A digest of the content of every table (row count and an md5 over the rows, volatile
 * columns left out), taken in one round trip. Two equal snapshots mean nothing was written.
 * `except` leaves whole tables out (counters a refused request is meant to bump).
 */
export async function snapshot(db: Db, except: readonly string[] = []): Promise<Snapshot> {
  const tables = (await allTables(db)).filter((t) => !except.includes(t));
  const parts = tables.map((table) => {
    const drop = VOLATILE[table] ?? [];
    const row = drop.length
      ? sql`to_jsonb(r) - ${sql.raw(`array[${drop.map((c) => `'${c}'`).join(',')}]`)}`
      : sql`to_jsonb(r)`;
    return sql`select ${table} as t, count(*)::text || ':' || coalesce(md5(string_agg(x::text, ',' order by x::text)), '') as d
      from (select ${row} as x from ${sql.table(table)} r) s`;
  });
  const { rows } = await sql<{
    t: string;
    d: string;
  }>`${sql.join(parts, sql` union all `)}`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.t, r.d]));
}

/** Tables whose digest differs between two snapshots. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => before[n] !== after[n]).sort();
}

export async function gatewayCharges(db: Db): Promise<number> {
  const row = await db
    .selectFrom('sandbox_gateway_charges')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
