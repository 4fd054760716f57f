import type { BenchEnv } from '../lib/env.js';
import { load } from '../lib/load.js';
import { fmtMs, fmtRps, type ScenarioResult } from '../lib/report.js';
import { BENCH_POOL_SIZE } from '../lib/server.js';
import { round } from '../lib/stats.js';
import { addShopper, sessionCookie } from '../lib/world.js';

const CONNECTIONS = 50;
const SECONDS = 8;
const GOAL_RATIO = 0.5;
const GOAL_P99_MS = 25;

/**
 * The shopper's account overview under load (50 connections, one authenticated session,
 * 10,000 customers) beside a baseline route doing one primary-key select on the same pool;
 * then the same load with a session of its own on each connection.
 */
export async function overview(env: BenchEnv): Promise<ScenarioResult> {
  const { db, world, server } = await env.shared();
  const customerId = await addShopper(db.db, world, {
    email: 'overview@bench.example',
    cards: 2,
    subscriptions: 3,
  });
  const cookie = await sessionCookie(db.db, world, customerId);
  const overviewUrl = `${server.origin}/api/portals/${world.portalId}/account`;
  const baselineUrl = `${server.origin}/bench/baseline?id=${customerId}`;
  const check = await fetch(overviewUrl, { headers: { cookie } });
  if (check.status !== 200) throw new Error(`overview answered ${check.status}`);
  // Beside the one session the goal names: a session per connection, so that the session
  // checks a batch shares are lookups of their own (see findLiveSession).
  const sessionCookies: Array<{ cookie: string }> = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    const id = await addShopper(db.db, world, {
      email: `overview-${i}@bench.example`,
      cards: 2,
      subscriptions: 3,
    });
    sessionCookies.push({ cookie: await sessionCookie(db.db, world, id) });
  }

  env.log('overview: warming up…');
  await load({ url: overviewUrl, connections: CONNECTIONS, seconds: 2, headers: { cookie } });
  await load({ url: baselineUrl, connections: CONNECTIONS, seconds: 2 });
  env.log(`overview: baseline ${SECONDS}s…`);
  const base = await load({ url: baselineUrl, connections: CONNECTIONS, seconds: SECONDS });
  env.log(`overview: account overview ${SECONDS}s…`);
  const over = await load({
    url: overviewUrl,
    connections: CONNECTIONS,
    seconds: SECONDS,
    headers: { cookie },
  });
  env.log(`overview: ${CONNECTIONS} sessions ${SECONDS}s…`);
  const many = await load({
    url: overviewUrl,
    connections: CONNECTIONS,
    seconds: SECONDS,
    connectionHeaders: sessionCookies,
  });
  for (const [name, r] of [
    ['baseline', base],
    ['overview', over],
    ['overview, a session per connection', many],
  ] as const) {
    if (r.errors > 0 || r.non_2xx > 0) {
      throw new Error(`${name}: ${r.errors} errors, ${r.non_2xx} non-2xx answers under load`);
    }
  }
  const ratio = over.requests_per_sec / base.requests_per_sec;
  return {
    rows: [
      {
        scenario: 'overview',
        metric: `baseline rps (1 PK select; ${BENCH_POOL_SIZE} Postgres connections)`,
        figure: fmtRps(base.requests_per_sec),
      },
      {
        scenario: 'overview',
        metric: 'baseline p50 / p99',
        figure: `${fmtMs(base.p50_ms)} / ${fmtMs(base.p99_ms)}`,
      },
      { scenario: 'overview', metric: 'overview rps', figure: fmtRps(over.requests_per_sec) },
      { scenario: 'overview', metric: 'overview p50', figure: fmtMs(over.p50_ms) },
      {
        scenario: 'overview',
        metric: 'overview p99',
        figure: fmtMs(over.p99_ms),
        goal: `≤ ${GOAL_P99_MS} ms`,
        pass: over.p99_ms <= GOAL_P99_MS,
      },
      {
        scenario: 'overview',
        metric: `overview rps, ${CONNECTIONS} sessions (one per connection)`,
        figure: fmtRps(many.requests_per_sec),
      },
      {
        scenario: 'overview',
        metric: `overview p50 / p99, ${CONNECTIONS} sessions`,
        figure: `${fmtMs(many.p50_ms)} / ${fmtMs(many.p99_ms)}`,
      },
      {
        scenario: 'overview',
        metric: 'overview rps / baseline rps',
        figure: `${Math.round(ratio * 100)}%`,
        goal: `≥ ${GOAL_RATIO * 100}%`,
        pass: ratio >= GOAL_RATIO,
      },
    ],
    figures: {
      connections: CONNECTIONS,
      seconds: SECONDS,
      database_pool_size: BENCH_POOL_SIZE,
      customers: 10_000,
      baseline: { rps: round(base.requests_per_sec), p50_ms: base.p50_ms, p99_ms: base.p99_ms },
      overview: { rps: round(over.requests_per_sec), p50_ms: over.p50_ms, p99_ms: over.p99_ms },
      overview_sessions: {
        sessions: CONNECTIONS,
        rps: round(many.requests_per_sec),
        p50_ms: many.p50_ms,
        p99_ms: many.p99_ms,
      },
      ratio: round(ratio, 3),
      goals: { ratio_min: GOAL_RATIO, p99_ms_max: GOAL_P99_MS },
    },
  };
}
