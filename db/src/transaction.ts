import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

/** Runs fn in a transaction; state change, audit, note and outbox rows commit together. */
export function transaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(fn);
}

/** For code that must only ever run inside a transaction. */
export function assertTransaction(db: Db | Tx): asserts db is Tx {
  if (!db.isTransaction) throw new Error('must be called inside a transaction');
}
