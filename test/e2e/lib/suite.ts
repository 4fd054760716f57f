import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from './browser.js';
import { type SuiteDatabase, suiteDatabase } from './database.js';
import { type BffProcess, startBff } from './processes.js';

export interface JourneySuite {
  database: SuiteDatabase;
  bff: BffProcess;
  browser: Browser;
}

/**
 * A journey file's world, set up once before its tests and torn down after: a fresh real
 * Postgres database, the real BFF on it with the demo seeded, and headless Chromium.
 * Read the fields inside tests (they are filled in by beforeAll).
 */
export function journeySuite(env: Record<string, string> = {}): JourneySuite {
  const suite = {} as JourneySuite;
  beforeAll(async () => {
    suite.database = await suiteDatabase();
    suite.bff = await startBff({ DATABASE_URL: suite.database.url, SEED_DEMO: 'true', ...env });
    suite.browser = await launchBrowser();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.bff?.stop();
    await suite.database?.close();
  });
  return suite;
}
