import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import { autoPreparingClient, StatementNames } from './auto-prepare.js';
import type { Database } from './database.js';

export type DbKind = 'postgres' | 'pglite';

export interface DbHandle {
  db: Kysely<Database>;
  kind: DbKind;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** postgres://… uses a pg pool; absent, PGlite is opened at `dataDir` (or in memory). */
  databaseUrl?: string | undefined;
  /** PGlite data directory; `memory://` or undefined for an in-memory database. */
  dataDir?: string | undefined;
  poolSize?: number;
  /** Fail a query that waits this long for a pool connection (fail fast when Postgres is down). */
  connectionTimeoutMs?: number;
}

export async function connect(options: ConnectOptions): Promise<DbHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 2_000,
      idleTimeoutMillis: 30_000,
      // Hot statements run prepared (see auto-prepare.ts). Not for PgBouncer in
      // transaction mode, which cannot keep a statement on a server connection.
      Client: autoPreparingClient(new StatementNames()),
    });
    // A dropped connection (Postgres restart) must not crash the process; the pool replaces it.
    // The pool's own listener covers idle clients only: a client checked out (e.g. inside a
    // transaction, between two queries) emits the server's "terminating connection" on
    // itself, and with no listener that is an uncaught exception that kills the BFF. Its
    // next query fails instead (a 503), and the pool discards it on release.
    pool.on('error', () => {});
    pool.on('connect', (client) => {
      client.on('error', () => {});
      // A capped sequential scan (SearchCustomers on a query that matches many customers)
      // must start at the table's first page. Synchronized scans start where the previous
      // one stopped, so the same search returned different customers each time and, drifting
      // into pages with few matches, read the whole table (1.7 s instead of 3 ms at
      // 1,000,000 customers). Sent ahead of the client's first query, in the same queue.
      client.query('set synchronize_seqscans = off').catch(() => {});
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const dataDir = options.dataDir && options.dataDir !== 'memory://' ? options.dataDir : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir ?? 'memory://', { extensions: { pg_trgm } });
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return { db, kind: 'pglite', close: () => db.destroy() };
}
