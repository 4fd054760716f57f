import { type Db, DEMO_IDS, seedDemo } from '@portico/db';
import type { Config } from '../config.js';
import { createApiKey } from '../services/api-keys/api-keys.js';

export type DemoStatus =
  | { seeded: false }
  | {
      seeded: true;
      /** True on the start that created the demo merchant. */
      created: boolean;
      /** Shown once: on the creating start, or when DEMO_NEW_KEY asked for another. */
      apiKey: string | undefined;
    };

/** Seeds the demo merchant when configured, issuing its admin key in the same transaction. */
export async function prepareDemo(db: Db, config: Config): Promise<DemoStatus> {
  if (!config.seedDemo) return { seeded: false };
  const result = await seedDemo(db, {
    issueApiKey: async (tx, accountId) => (await createApiKey(tx, accountId, 'demo')).key,
  });
  let apiKey = result.apiKey;
  if (!result.created && config.demoNewKey) {
    apiKey = (await createApiKey(db, DEMO_IDS.account, 'demo (extra)')).key;
  }
  return { seeded: true, created: result.created, apiKey };
}
