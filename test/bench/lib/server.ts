import { availableParallelism } from 'node:os';
import { type BffProcess, startBff } from '../../e2e/lib/processes.js';
import { BENCH_SECRET } from './world.js';

/**
 * Postgres connections of the bench server: twice the cores of the database's host (this
 * one), the PostgreSQL wiki's starting point, as an operator sets DATABASE_POOL_SIZE. More
 * connections than that add contention, not throughput (README, Performance).
 * `DATABASE_POOL_SIZE` in the bench's environment overrides it.
 */
export const BENCH_POOL_SIZE = Number(process.env.DATABASE_POOL_SIZE ?? 2 * availableParallelism());

/** The bench server (test/bench/server.ts) over `databaseUrl`, in its own process. */
export function startBenchServer(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<BffProcess> {
  return startBff(
    {
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      PORTICO_SECRET: BENCH_SECRET,
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      DATABASE_POOL_SIZE: String(BENCH_POOL_SIZE),
      ...env,
    },
    'test/bench/server.ts',
    { ownSession: true },
  );
}

export interface LoopFigures {
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  rss_peak_mb: number;
  rss_mb: number;
  /** The server's main thread: time on a CPU, and runnable but waiting for one (NaN off Linux). */
  main_cpu_ms: number;
  main_runq_wait_ms: number;
}

/** Event-loop delay and peak RSS measured inside the server since the last reset. */
export async function loopFigures(origin: string, reset = false): Promise<LoopFigures> {
  const res = await fetch(`${origin}/bench/loop${reset ? '?reset=1' : ''}`);
  return (await res.json()) as LoopFigures;
}
