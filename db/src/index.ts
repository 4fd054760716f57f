export { type ConnectOptions, connect, type DbHandle, type DbKind } from './connect.js';
export type { Database } from './database.js';
export { migrateToLatest } from './migrate.js';
export { assertTransaction, type Db, type Tx, transaction } from './transaction.js';
