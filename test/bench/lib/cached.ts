import { createHash } from 'node:crypto';
import { connect, type DbHandle, migrateToLatest } from '@portico/db';
import { sql } from 'kysely';
import pg from 'pg';
import { migrations } from '../../../db/src/migrations/index.js';

/**
 * A bench database kept between runs (large seeds take a minute or more): reused when its
 * seed marker matches `marker` plus the migration list, rebuilt from scratch otherwise.
 * `close()` keeps it; `BENCH_FRESH=1` forces a rebuild.
 */
export async function cachedDatabase(
  baseUrl: string,
  name: string,
  marker: string,
  seed: (handle: DbHandle) => Promise<void>,
): Promise<DbHandle & { url: string; reused: boolean }> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`bad database name ${name}`);
  const fingerprint = `${marker}|${Object.keys(migrations).join(',')}`;
  const hash = createHash('sha256').update(fingerprint).digest('hex').slice(0, 16);
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
