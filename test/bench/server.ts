/**
 * The benchmark server: the product exactly as `bff/src/main.ts` builds it (same config
 * parsing, same `assemble`), plus bench-only routes under `/bench/` that never exist in the
 * product. Started as its own process by the scenarios, so the load generator and the
 * measured event loop do not share a thread.
 *
 *   GET /bench/baseline?id=<customer id>  one primary-key select on the app's own pool
 *   GET /bench/loop[?reset=1]             event-loop delay histogram, peak RSS and the main
 *                                         thread's CPU and run-queue time since reset
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { parseConfig } from '../../bff/src/config.js';
import { assemble } from '../../bff/src/startup/assemble.js';

const config = parseConfig(process.env);
if (config.host !== '127.0.0.1') throw new Error('the bench server listens on loopback only');
const portico = await assemble(config);
portico.startWorkers();

/**
 * The loop's timer period. Node's histogram records the interval between the timer's
 * firings, period included (an idle loop reads p50 10.1 ms at a 10 ms resolution), so the
 * delay reported is that interval less the period: how late the timer fired.
 */
const LOOP_RESOLUTION_MS = 10;
const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
loop.enable();
let rssPeak = process.memoryUsage.rss();
const sampler = setInterval(() => {
  rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
}, 25);
sampler.unref();

/**
 * The main (event-loop) thread's time on a CPU, and waiting in the run queue for one, in ms
 * since start (Linux schedstat; NaN elsewhere). The loop delay counts both: the CPU time is
 * the loop's own work, the wait is time the hashing threads, Postgres, the load generator
 * and anything else on the machine held the cores (a shared host shows up here).
 */
function mainThreadSched(): { cpuMs: number; waitMs: number } {
  try {
    const [cpu, wait] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8')
      .split(' ')
      .map(Number);
    return { cpuMs: (cpu ?? Number.NaN) / 1e6, waitMs: (wait ?? Number.NaN) / 1e6 };
  } catch {
    return { cpuMs: Number.NaN, waitMs: Number.NaN };
  }
}
let schedAtReset = mainThreadSched();

const ms = (ns: number) => ns / 1e6;
const delayMs = (intervalNs: number) => Math.max(0, ms(intervalNs) - LOOP_RESOLUTION_MS);
const bench = new Hono()
  .get('/bench/baseline', async (c) => {
    const id = c.req.query('id') ?? '';
    const row = await portico.handle.db
      .selectFrom('customers')
      .select(['id', 'email'])
      .where('id', '=', id)
      .executeTakeFirst();
    return c.json(row ?? null, row ? 200 : 404);
  })
  .get('/bench/loop', (c) => {
    const sched = mainThreadSched();
    const figures = {
      p50_ms: delayMs(loop.percentile(50)),
      p99_ms: delayMs(loop.percentile(99)),
      max_ms: delayMs(loop.max),
      rss_peak_mb: rssPeak / 2 ** 20,
      rss_mb: process.memoryUsage.rss() / 2 ** 20,
      main_cpu_ms: sched.cpuMs - schedAtReset.cpuMs,
      main_runq_wait_ms: sched.waitMs - schedAtReset.waitMs,
    };
    if (c.req.query('reset')) {
      loop.reset();
      rssPeak = process.memoryUsage.rss();
      schedAtReset = mainThreadSched();
    }
    return c.json(figures);
  });

const server = serve(
  {
    // The path is read off the URL's text: parsing a URL per request here was ~2% of the
    // server's CPU, spent on the bench's routing and charged to the product's figures.
    fetch: (req, env) =>
      req.url.startsWith('/bench/', req.url.indexOf('/', req.url.indexOf('//') + 2))
        ? bench.fetch(req, env)
        : portico.app.fetch(req, env),
    port: config.port,
    hostname: config.host,
  },
  (info) => console.log(`bench server on http://127.0.0.1:${info.port}`),
);
const gatewayServer = serve({
  fetch: portico.gatewayApp.fetch,
  port: config.gatewayPort,
  hostname: config.host,
});
// BENCH_CPU_PROFILE=<file.cpuprofile>: a V8 CPU profile of the whole run, for finding hot spots.
const profilePath = process.env.BENCH_CPU_PROFILE;
const profiler = profilePath ? new Session() : undefined;
if (profiler) {
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
}

// BENCH_HEAP_PROFILE=<file.heapprofile>: a sampling heap profile of all that was allocated,
// collected or not: where the young-generation GC's work comes from.
const heapPath = process.env.BENCH_HEAP_PROFILE;
const heapProfiler = heapPath ? new Session() : undefined;
if (heapProfiler) {
  heapProfiler.connect();
  await heapProfiler.post('HeapProfiler.enable');
  await heapProfiler.post('HeapProfiler.startSampling', {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
}

const stop = async () => {
  if (heapProfiler && heapPath) {
    const { profile } = await heapProfiler.post('HeapProfiler.stopSampling');
    writeFileSync(heapPath, JSON.stringify(profile));
  }
  if (profiler && profilePath) {
    const { profile } = await profiler.post('Profiler.stop');
    writeFileSync(profilePath, JSON.stringify(profile));
  }
  server.close();
  gatewayServer.close();
  await portico.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
