import { randomBytes } from 'node:crypto';
import { connect, type DbHandle, migrateToLatest } from '@portico/db';
import pg from 'pg';

/** A fresh, migrated database on the real Postgres for one benchmark run. */
export async function benchDatabase(baseUrl: string): Promise<DbHandle & { url: string }> {
  const name = `portico_bench_${randomBytes(4).toString('hex')}`;
  await admin(baseUrl, `create database ${name}`);
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const handle = await connect({ databaseUrl: url, poolSize: 10 });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    url,
    close: async () => {
      await handle.close();
      await admin(baseUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

async function admin(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
