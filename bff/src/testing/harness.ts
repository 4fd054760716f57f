import type { DbHandle } from '@portico/db';
import { freshDatabase } from '@portico/db/testing';
import type { Logger } from 'pino';
import { createApp } from '../app.js';
import { type Config, parseConfig } from '../config.js';
import type { AppDeps } from '../http/context.js';
import { createLogger } from '../logger.js';
import { createApiKey } from '../services/api-keys/api-keys.js';
import {
  createSandboxGateway,
  type SandboxGateway,
} from '../services/payments/sandbox/sandbox-gateway.js';

export interface TestContext {
  handle: DbHandle;
  deps: AppDeps;
  /** The sandbox gateway the app charges through; its `faults` inject delays and timeouts. */
  gateway: SandboxGateway;
  app: ReturnType<typeof createApp>;
  /** A merchant account with a live API key. */
  account: { id: string; key: string };
  /** JSON request to the admin API with the account's key (or another key). */
  admin(method: string, path: string, body?: unknown, key?: string): Promise<Response>;
  newAccount(name?: string): Promise<{ id: string; key: string }>;
  close(): Promise<void>;
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return parseConfig({
    NODE_ENV: 'test',
    PORTICO_SECRET: 'test-secret-test-secret-test-secret-0123',
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}

/** A freshly migrated database (real Postgres with DATABASE_URL) and the app over it. */
export async function createTestContext(
  options: { config?: Config; deps?: Partial<AppDeps>; logger?: Logger } = {},
): Promise<TestContext> {
  const handle = await freshDatabase();
  const config = options.config ?? testConfig();
  const gateway = createSandboxGateway(handle.db);
  const deps: AppDeps = {
    gateway,
    db: handle.db,
    config,
    logger: options.logger ?? createLogger('silent'),
    clock: () => new Date(),
    ...options.deps,
  };
  const app = createApp(deps);
  const newAccount = async (name = 'Test merchant') => {
    const acc = await handle.db
      .insertInto('accounts')
      .values({ name })
      .returning('id')
      .executeTakeFirstOrThrow();
    const key = await createApiKey(handle.db, acc.id, 'test');
    return { id: acc.id, key: key.key };
  };
  const account = await newAccount();
  return {
    handle,
    deps,
    gateway,
    app,
    account,
    newAccount,
    admin: async (method, path, body, key = account.key) =>
      app.request(`/api/admin/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined
          ? {}
          : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      }),
    close: () => handle.close(),
  };
}

/** The JSON body of a response, untyped, for assertions. */
// biome-ignore lint/suspicious/noExplicitAny: test assertions read arbitrary JSON
export async function json(res: Response | Promise<Response>): Promise<any> {
  return (await res).json();
}
