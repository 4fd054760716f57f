import { DEMO_IDS } from '@portico/db';
import { freshDatabase } from '@portico/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findActiveKey } from '../services/api-keys/api-keys.js';
import { testConfig } from '../testing/harness.js';
import { startupBanner } from './banner.js';
import { prepareDemo } from './demo.js';

type Handle = Awaited<ReturnType<typeof freshDatabase>>;

describe('demo at startup', () => {
  let handle: Handle;
  beforeAll(async () => {
    handle = await freshDatabase();
  });
  afterAll(() => handle.close());

  it('seeds once, shows a working admin key only the first time, and another on request', async () => {
    const config = testConfig({ SEED_DEMO: 'true' });
    const first = await prepareDemo(handle.db, config);
    if (!first.seeded) throw new Error('expected the demo to be seeded');
    expect(first.created).toBe(true);
    const key = await findActiveKey(handle.db, first.apiKey ?? '');
    expect(key?.account_id, 'the printed key works').toBe(DEMO_IDS.account);

    const second = await prepareDemo(handle.db, config);
    expect(second).toEqual({ seeded: true, created: false, apiKey: undefined });

    const third = await prepareDemo(
      handle.db,
      testConfig({ SEED_DEMO: 'true', DEMO_NEW_KEY: 'true' }),
    );
    if (!third.seeded || !third.apiKey) throw new Error('expected a new key');
    expect(third.apiKey).not.toBe(first.apiKey);
    expect((await findActiveKey(handle.db, third.apiKey))?.account_id).toBe(DEMO_IDS.account);
  });

  it('does nothing when seeding is off', async () => {
    expect(await prepareDemo(handle.db, testConfig({ SEED_DEMO: 'false' }))).toEqual({
      seeded: false,
    });
  });
});

describe('startup banner', () => {
  const config = testConfig();
  const base = { config, port: 8787, dbKind: 'pglite' as const };

  it('prints the URLs, the demo logins and the key on a line of its own', () => {
    const text = startupBanner({
      ...base,
      demo: { seeded: true, created: true, apiKey: 'pk_abc_def' },
    });
    for (const expected of [
      'http://localhost:8787/healthz',
      'http://localhost:8787/examples/brand-a/',
      'http://localhost:8787/examples/brand-b/',
      `http://localhost:8787/p/${DEMO_IDS.portalBrandA}`,
      'http://localhost:8787/dev/mailbox',
      'http://localhost:8787/api/admin/v1',
      'portico-demo-pass',
      'ava.thompson@example.com',
      'lucas.muller@example.com',
    ]) {
      expect(text, expected).toContain(expected);
    }
    expect(text.split('\n')).toContain('DEMO_ADMIN_KEY=pk_abc_def');
  });

  it('on later starts says a key exists and how to get another', () => {
    const text = startupBanner({
      ...base,
      demo: { seeded: true, created: false, apiKey: undefined },
    });
    expect(text).not.toContain('DEMO_ADMIN_KEY=');
    expect(text).toContain('DEMO_NEW_KEY=true pnpm start');
  });

  it('without the demo prints only the server URLs', () => {
    const text = startupBanner({ ...base, demo: { seeded: false } });
    expect(text).toContain('http://localhost:8787/api/admin/v1');
    expect(text).not.toContain('examples');
  });
});
