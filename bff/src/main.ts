import { serve } from '@hono/node-server';
import { connect, migrateToLatest } from '@portico/db';
import { createApp } from './app.js';
import { ConfigError, parseConfig } from './config.js';
import { createLogger } from './logger.js';
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
  const app = createApp({ db: handle.db, config, logger, clock: () => new Date() });
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    console.log(startupBanner({ config, port: info.port, dbKind: handle.kind, demo }));
  });
  const stop = async () => {
    server.close();
    await handle.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await main();
