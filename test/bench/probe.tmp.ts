import { BenchEnv } from './lib/env.js';
import { load } from './lib/load.js';
import { addShopper, sessionCookie } from './lib/world.js';
process.env.BENCH_CPU_PROFILE='/tmp/account.cpuprofile';
const env = new BenchEnv(process.env.DATABASE_URL!, console.error);
const { db, world, server } = await env.shared();
const id = await addShopper(db.db, world, { email: 'p@bench.example', cards: 2, subscriptions: 3 });
const cookie = await sessionCookie(db.db, world, id);
const p = `${server.origin}/api/portals/${world.portalId}`;
for (const [name, url, h] of [
  ['account', `${p}/account`, { cookie }],
] as const) {
  const r = await load({ url, connections: 50, seconds: 4, headers: h });
  console.log(name, Math.round(r.requests_per_sec), r.p50_ms, r.p99_ms, r.non_2xx);
}
await env.close();
