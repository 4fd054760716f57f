import { serve } from '@hono/node-server';
import { connect, migrateToLatest } from '@portico/db';
import { createApp } from './app.js';
import { ConfigError, parseConfig } from './config.js';
import type { AppDeps } from './http/context.js';
import { createLogger } from './logger.js';
import { defaultTransports } from './services/mail/transports.js';
import { createOutboxWorker } from './services/outbox/worker.js';
import { createSandboxGatewayApp } from './services/payments/sandbox/app.js';
import { createSandboxGateway } from './services/payments/sandbox/sandbox-gateway.js';
import { pruneExpired } from './services/rate-limits/rate-limits.js';
import { systemResolver } from './services/webhooks/egress.js';
import { createWebhookWorker } from './services/webhooks/worker.js';
import { startupBanner } from './startup/banner.js';
import { prepareDemo } from './startup/demo.js';

async function main(): Promise<void> {
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const handle = await connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(handle.db);
  const demo = await prepareDemo(handle.db, config);
  const deps: AppDeps = {
    db: handle.db,
    config,
    logger,
    clock: () => new Date(),
    gateway: createSandboxGateway(handle.db),
    mailTransports: defaultTransports(config),
  };
  const app = createApp(deps);
  const outbox = createOutboxWorker({
    db: handle.db,
    transports: deps.mailTransports ?? defaultTransports(config),
    logger,
  });
  outbox.start();
  // Loopback receivers (a local test server) only outside production; never private ranges.
  const webhooks = createWebhookWorker({
    db: handle.db,
    logger,
    egress: { resolver: systemResolver, allowLoopback: !config.production },
  });
  webhooks.start();
  const prune = setInterval(() => pruneExpired(handle.db, new Date()).catch(() => {}), 10 * 60_000);
  prune.unref();
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    console.log(startupBanner({ config, port: info.port, dbKind: handle.kind, demo }));
  });
  // The sandbox gateway's card fields live on their own origin: a second port.
  const gatewayApp = createSandboxGatewayApp({
    db: handle.db,
    secret: config.secret,
    devHosts: config.devHosts,
  });
  const gatewayServer = serve(
    { fetch: gatewayApp.fetch, port: config.gatewayPort, hostname: config.host },
    (info) => console.log(`Sandbox payment gateway (card fields) on http://localhost:${info.port}`),
  );
  const stop = async () => {
    server.close();
    gatewayServer.close();
    clearInterval(prune);
    await outbox.stop();
    await webhooks.stop();
    await handle.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await main();
