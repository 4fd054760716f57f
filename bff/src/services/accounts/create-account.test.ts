import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, json, type TestContext } from '../../testing/harness.js';
import { createAccount } from './create-account.js';

const run = promisify(execFile);

describe('creating an account', () => {
  let t: TestContext & { handle: { url?: string } };
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  it('creates the account with a first key that works and an audit event', async () => {
    const created = await createAccount(t.handle.db, '  Brand B  ');
    const account = await t.handle.db
      .selectFrom('accounts')
      .select('name')
      .where('id', '=', created.accountId)
      .executeTakeFirstOrThrow();
    expect(account.name).toBe('Brand B');
    const keys = await json(t.admin('GET', '/api-keys', undefined, created.key));
    expect(keys.data).toEqual([
      expect.objectContaining({ id: created.apiKeyId, name: 'first key' }),
    ]);
    const audit = await t.handle.db
      .selectFrom('audit_events')
      .select('action')
      .where('account_id', '=', created.accountId)
      .execute();
    expect(audit).toEqual([{ action: 'account.created' }]);
  });

  it('refuses an empty name', async () => {
    await expect(createAccount(t.handle.db, '   ')).rejects.toThrow(RangeError);
  });

  // The CLI opens its own connection, so it needs a database reachable by URL.
  it.runIf(process.env.DATABASE_URL)('prints the key from the command line', async () => {
    const cli = fileURLToPath(new URL('../../cli/create-account.ts', import.meta.url));
    const { stdout } = await run(process.execPath, ['--import', 'tsx', cli, 'CLI Brand'], {
      env: { ...process.env, DATABASE_URL: t.handle.url, NODE_ENV: 'development' },
    });
    const key = /^api_key: (\S+)$/m.exec(stdout)?.[1] as string;
    expect(stdout).toMatch(/^account_id: [0-9a-f-]{36}$/m);
    expect((await t.admin('GET', '/shops', undefined, key)).status).toBe(200);
    await expect(
      run(process.execPath, ['--import', 'tsx', cli], { env: { ...process.env } }),
    ).rejects.toMatchObject({ code: 2 });
  });
});
