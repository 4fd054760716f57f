import type { Db } from '@portico/db';
import { freshDatabase } from '@portico/db/testing';

export interface SuiteDatabase {
  url: string;
  db: Db;
  close(): Promise<void>;
}

/**
 * Whether the e2e suites can run: they need a real Postgres (`DATABASE_URL`). Locally they
 * skip without one; in CI a missing database is an error, never a silently green run.
 */
export const hasPostgres = Boolean(process.env.DATABASE_URL);
if (process.env.CI && !hasPostgres) {
  throw new Error('CI runs the e2e suites: set DATABASE_URL to a real Postgres');
}

/**
 * A fresh, migrated real-Postgres database for one suite, cloned from the migrated
 * template (db/src/testing.ts). The BFF under test seeds the demo into it on start.
 */
export async function suiteDatabase(): Promise<SuiteDatabase> {
  const handle = await freshDatabase();
  if (!handle.url) throw new Error('e2e suites need DATABASE_URL (a real Postgres)');
  return { url: handle.url, db: handle.db, close: handle.close };
}
