import { createHash, randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { connect, type DbHandle } from './connect.js';
import { migrateToLatest } from './migrate.js';
import { migrations } from './migrations/index.js';

/**
 * A freshly migrated database for one test file. With DATABASE_URL (CI, real Postgres) a
 * new database is cloned from a migrated template; without it, an in-memory PGlite.
 */
export async function freshDatabase(): Promise<DbHandle & { url?: string }> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const handle = await connect({});
    await migrateToLatest(handle.db);
    return handle;
  }
  const template = await ensureTemplate(base);
  const name = `portico_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(base, `create database ${name} template ${template}`);
  const url = withDatabase(base, name);
  const handle = await connect({ databaseUrl: url, poolSize: 20 });
  return {
    ...handle,
    url,
    close: async () => {
      await handle.close();
      await adminQuery(base, `drop database if exists ${name} with (force)`);
    },
  };
}

let templatePromise: Promise<string> | undefined;

async function ensureTemplate(base: string): Promise<string> {
  templatePromise ??= (async () => {
    const name = `portico_tpl_${migrationsFingerprint()}`;
    const exists = await adminQuery(base, `select 1 from pg_database where datname = '${name}'`);
    if (exists.rowCount) return name;
    const tmp = `${name}_${randomBytes(4).toString('hex')}`;
    await adminQuery(base, `create database ${tmp}`);
    const db = new Kysely<unknown>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({ connectionString: withDatabase(base, tmp), max: 1 }),
      }),
    });
    await migrateToLatest(db);
    await db.destroy();
    try {
      await adminQuery(base, `alter database ${tmp} rename to ${name}`);
    } catch {
      // Another worker won the race; use its template.
      await adminQuery(base, `drop database if exists ${tmp}`);
    }
    return name;
  })();
  return templatePromise;
}

/** The template's name changes whenever a migration is added or edited. */
function migrationsFingerprint(): string {
  const text = Object.entries(migrations)
    .map(([name, m]) => `${name}:${m.up.toString()}`)
    .join('|');
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminQuery(url: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}
