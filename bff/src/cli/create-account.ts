/**
 * Bootstraps a merchant: creates an account and prints its first admin API key, the one
 * time it is shown. The database is the app's own (DATABASE_URL, else PGlite under
 * PORTICO_DATA_DIR), migrated first.
 *
 *   pnpm --filter @portico/bff exec tsx src/cli/create-account.ts "Brand A"
 */
import { connect, migrateToLatest } from '@portico/db';
import { ConfigError, parseConfig } from '../config.js';
import { createAccount } from '../services/accounts/create-account.js';

async function main(argv: string[]): Promise<number> {
  const name = argv.join(' ').trim();
  if (!name || name.length > 200) {
    console.error('usage: create-account.ts "<account name>" (1 to 200 characters)');
    return 2;
  }
  const config = parseConfig(process.env);
  const handle = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrateToLatest(handle.db);
    const created = await createAccount(handle.db, name);
    console.log(`account_id: ${created.accountId}`);
    console.log(`api_key: ${created.key}`);
    console.error('The API key is shown only this once: store it now.');
    return 0;
  } finally {
    await handle.close();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exitCode = 1;
}
