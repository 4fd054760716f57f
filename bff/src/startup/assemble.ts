import { connect, type DbHandle, migrateToLatest } from '@portico/db';
import { createApp } from '../app.js';
import type { Config } from '../config.js';
import type { AppDeps } from '../http/context.js';
import { createLogger } from '../logger.js';
import { compactOverviewChanges } from '../services/account/overview-changes.js';
import { defaultTransports } from '../services/mail/transports.js';
import { createOutboxWorker } from '../services/outbox/worker.js';
import { createSandboxGatewayApp } from '../services/payments/sandbox/app.js';
import { createSandboxGateway } from '../services/payments/sandbox/sandbox-gateway.js';
import { pruneExpired } from '../services/rate-limits/rate-limits.js';
import { systemResolver } from '../services/webhooks/egress.js';
import { createWebhookWorker } from '../services/webhooks/worker.js';
import { prepareDemo } from './demo.js';

export interface Assembled {
  handle: DbHandle;
  deps: AppDeps;
  app: ReturnType<typeof createApp>;
  /** The sandbox gateway's card-fields app (served on its own port, its own origin). */
  gatewayApp: ReturnType<typeof createSandboxGatewayApp>;
  demo: Awaited<ReturnType<typeof prepareDemo>>;
  /**
   * Starts the outbox and webhook workers, the rate-limit pruner and the folding of overview
   * change rows.
   */
  startWorkers(): void;
  /** Stops the workers and closes the database. */
  stop(): Promise<void>;
}

/**
 * Everything `main.ts` serves, built from a parsed config: database (migrated, demo seeded
 * when asked), the app, the gateway's card-fields app and the background workers. The
 * benchmark server builds the very same thing, so its figures are the product's.
 */
export async function assemble(config: Config): Promise<Assembled> {
  const logger = createLogger(config.logLevel);
  const handle = await connect({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
  });
  await migrateToLatest(handle.db);
  const demo = await prepareDemo(handle.db, config);
  const gateway = createSandboxGateway(handle.db);
  // Fault tests' delays (SANDBOX_GATEWAY_DELAY_*; config refuses them in production).
  if (config.sandboxFaults) Object.assign(gateway.faults, config.sandboxFaults);
  const deps: AppDeps = {
    db: handle.db,
    config,
    logger,
    clock: () => new Date(),
    gateway,
    mailTransports: defaultTransports(config),
  };
  const app = createApp(deps);
  const outbox = createOutboxWorker({
    db: handle.db,
    transports: deps.mailTransports ?? defaultTransports(config),
    logger,
  });
  // Loopback receivers (a local test server) only outside production; never private ranges.
  const webhooks = createWebhookWorker({
    db: handle.db,
    logger,
    egress: { resolver: systemResolver, allowLoopback: !config.production },
  });
  let prune: NodeJS.Timeout | undefined;
  const gatewayApp = createSandboxGatewayApp({
    db: handle.db,
    secret: config.secret,
    devHosts: config.devHosts,
  });
  return {
    handle,
    deps,
    app,
    gatewayApp,
    demo,
    startWorkers() {
      outbox.start();
      webhooks.start();
      prune = setInterval(() => {
        pruneExpired(handle.db, new Date()).catch(() => {});
        compactOverviewChanges(handle.db).catch((err: unknown) =>
          logger.warn({ err }, 'folding overview change rows failed'),
        );
      }, 10 * 60_000);
      prune.unref();
    },
    async stop() {
      clearInterval(prune);
      await outbox.stop();
      await webhooks.stop();
      await handle.close();
    },
  };
}
