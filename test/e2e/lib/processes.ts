import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A free loopback port, from the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

export interface BffProcess {
  port: number;
  gatewayPort: number;
  origin: string;
  output(): string;
  stop(): Promise<void>;
  /** SIGKILL: the process dies at once, mid-request, with nothing cleaned up. */
  kill(): Promise<void>;
}

export interface StartOptions {
  /**
   * Run the BFF in a session of its own, as a service runs. Linux (autogroup) shares CPU
   * time out per session: in ours the benchmarks' load generator would take its bursts
   * out of the measured server's share, and the server's event loop would wait for it.
   */
  ownSession?: boolean;
}

/**
 * Starts the real BFF (`bff/src/main.ts`) as its own process, exactly as `pnpm start` would.
 * `entry` swaps the entry file (the benchmarks' server wraps the same app).
 */
export async function startBff(
  env: Record<string, string>,
  entry = 'bff/src/main.ts',
  options: StartOptions = {},
): Promise<BffProcess> {
  const port = Number(env.PORT ?? (await freePort()));
  const gatewayPort = Number(env.GATEWAY_PORT ?? (await freePort()));
  let out = '';
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      ...env,
      PORT: String(port),
      GATEWAY_PORT: String(gatewayPort),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.ownSession ?? false,
  });
  if (options.ownSession) guardOrphan(child);
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const host = env.HOST ?? '127.0.0.1';
  const origin = `http://${host}:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`BFF exited early:\n${out}`);
    try {
      const res = await fetch(`${origin}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`BFF did not become healthy:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    port,
    gatewayPort,
    origin,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * A child in its own session misses the terminal's Ctrl-C and outlives a crash: it is
 * killed when this process exits or is signalled (the signal is then re-raised).
 */
function guardOrphan(child: ChildProcess): void {
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const onSignal = (signal: NodeJS.Signals) => {
    kill();
    process.kill(process.pid, signal);
  };
  process.once('exit', kill);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  child.once('exit', () => {
    process.off('exit', kill);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  });
}
