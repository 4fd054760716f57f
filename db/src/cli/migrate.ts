import { connect } from '../connect.js';
import { migrateToLatest } from '../migrate.js';

const handle = await connect({
  databaseUrl: process.env.DATABASE_URL,
  dataDir: process.env.PORTICO_DATA_DIR ?? '.data/pglite',
});
await migrateToLatest(handle.db);
await handle.close();
console.log(`migrated (${handle.kind})`);
