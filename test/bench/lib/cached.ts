import { createHash } from 'node:crypto';
import { connect, type DbHandle, migrateToLatest } from '@portico/db';
import { sql } from 'kysely';
import pg from 'pg';
import { migrations } from '../../../db/src/migrations/index.js';

/**
 * A bench database kept between runs (large seeds take minutes): reused when its seed marker
 * matches `marker` plus the migration list; when it matches `marker` plus the migrations the
 * database has applied (newer migrations have landed since it was seeded), it is migrated
 * forward and reused, as production data would be; rebuilt from scratch otherwise.
 * `close()` keeps it; `BENCH_FRESH=1` forces a rebuild.
 */
export async function cachedDatabase(
  baseUrl: string,
  name: string,
  marker: string,
  seed: (handle: DbHandle) => Promise<void>,
): Promise<DbHandle & { url: string; reused: boolean }> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`);
  const fingerprint = (names: string[]) =>
    createHash('sha256')
      .update(`${marker}|${names.join(',')}`)
      .digest('hex')
      .slice(0, 16);
  const hash = fingerprint(Object.keys(migrations));
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const exists = (await admin(baseUrl, `select 1 from pg_database where datname = '${name}'`)) > 0;
  if (exists && process.env.BENCH_FRESH !== '1') {
    const handle = await connect({ databaseUrl: url, poolSize: 4 });
    const found = await sql<{ value: string }>`select value from bench_seed_marker`
      .execute(handle.db)
      .then((r) => r.rows[0]?.value)
      .catch(() => undefined);
    if (found === hash) return { ...handle, url, reused: true };
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name`
      .execute(handle.db)
      .then((r) => r.rows.map((row) => row.name))
      .catch(() => []);
    if (found !== undefined && found === fingerprint(applied)) {
      await migrateToLatest(handle.db);
      await sql`update bench_seed_marker set value = ${hash}`.execute(handle.db);
      return { ...handle, url, reused: true };
    }
    await handle.close();
  }
  await admin(baseUrl, `drop database if exists ${name} with (force)`);
  await admin(baseUrl, `create database ${name}`);
  const handle = await connect({ databaseUrl: url, poolSize: 4 });
  await migrateToLatest(handle.db);
  await seed(handle);
  await sql`create table bench_seed_marker (value text not null)`.execute(handle.db);
  await sql`insert into bench_seed_marker values (${hash})`.execute(handle.db);
  return { ...handle, url, reused: false };
}

async function admin(url: string, text: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rowCount ?? 0;
  } finally {
    await client.end();
  }
}
