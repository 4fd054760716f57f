import { serve } from '@hono/node-server';
import { ConfigError, parseConfig } from './config.js';
import { assemble } from './startup/assemble.js';
import { startupBanner } from './startup/banner.js';

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
  const portico = await assemble(config);
  portico.startWorkers();
  const server = serve(
    { fetch: portico.app.fetch, port: config.port, hostname: config.host },
    (info) => {
      console.log(
        startupBanner({ config, port: info.port, dbKind: portico.handle.kind, demo: portico.demo }),
      );
    },
  );
  // The sandbox gateway's card fields live on their own origin: a second port.
  const gatewayServer = serve(
    { fetch: portico.gatewayApp.fetch, port: config.gatewayPort, hostname: config.host },
    (info) => console.log(`Sandbox payment gateway (card fields) on http://localhost:${info.port}`),
  );
  const stop = async () => {
    server.close();
    gatewayServer.close();
    await portico.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await main();
