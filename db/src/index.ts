export { PLAN_FOR_VALUES } from './auto-prepare.js';
export { compiledOnce } from './compiled-once.js';
export { type ConnectOptions, connect, type DbHandle, type DbKind } from './connect.js';
export type { Database } from './database.js';
export { migrateToLatest } from './migrate.js';
export { demoExists, type SeedDemoOptions, type SeedDemoResult, seedDemo } from './seed/demo.js';
export {
  BRAND_A_PERMISSIONS,
  BRAND_B_PERMISSIONS,
  DEMO_ACCOUNT_NAME,
  DEMO_CUSTOMERS,
  DEMO_HOSTS,
  DEMO_IDS,
  DEMO_PASSWORD,
} from './seed/demo-data.js';
export { assertTransaction, type Db, type Tx, transaction } from './transaction.js';
