import { fileURLToPath } from 'node:url';
import { connect } from '../connect.js';
import { migrateToLatest } from '../migrate.js';

const handle = await connect({
  databaseUrl: process.env.DATABASE_URL,
  // The same default as the BFF: `.data/pglite` at the repository root, whatever the cwd.
  dataDir:
    process.env.PORTICO_DATA_DIR ??
    fileURLToPath(new URL('../../../.data/pglite', import.meta.url)),
});
await migrateToLatest(handle.db);
await handle.close();
console.log(`migrated (${handle.kind})`);
