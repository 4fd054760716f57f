import { sql } from 'kysely';
import { tokenizeCard } from '../../../bff/src/services/payments/sandbox/tokenize.js';
import type { BenchEnv } from '../lib/env.js';
import { fmtMs, type ScenarioResult } from '../lib/report.js';
import { percentile, round, timeSequential } from '../lib/stats.js';
import { actionHeaders, addShopper, BENCH_SECRET, sessionCookie } from '../lib/world.js';

const PAYS = 60;

/**
 * Salvage pay end to end: HTTP through CSRF, session, ownership and idempotency checks to
 * the sandbox gateway's charge and the transaction's writes (audit, note, outbox), N times
 * in sequence, each on its own failed renewal with its own Idempotency-Key.
 */
export async function payment(env: BenchEnv): Promise<ScenarioResult> {
  const { db, world, server } = await env.shared();
  const customerId = await addShopper(db.db, world, {
    email: 'payer@bench.example',
    subscriptions: 1,
  });
  const cookie = await sessionCookie(db.db, world, customerId);
  const headers = actionHeaders(server.origin, cookie);
  const api = `${server.origin}/api/portals/${world.portalId}`;
  const token = await tokenizeCard(
    db.db,
    { number: '4242424242424242', exp_month: 12, exp_year: 2099, cvc: '123' },
    { secret: BENCH_SECRET, now: new Date(), origin: null },
  );
  if (!token.ok) throw new Error('sandbox refused the bench card');
  const card = await fetch(`${api}/cards`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ gateway_token: token.token, make_default: true }),
  });
  if (card.status !== 201) throw new Error(`add card: ${card.status} ${await card.text()}`);
  const salvage = await sql<{ id: string }>`
    insert into salvage_transactions (account_id, customer_id, source, subscription_id,
      product_name, amount, currency, status)
    select s.account_id, s.customer_id, 'renewal', s.id, s.product_name, s.amount, s.currency,
      'pending'
    from subscriptions s, generate_series(1, ${PAYS}::int)
    where s.customer_id = ${customerId}
    returning id`.execute(db.db);
  const ids = salvage.rows.map((r) => r.id);
  let next = 0;
  const times = await timeSequential(ids.length, async () => {
    const id = ids[next++] as string;
    const res = await fetch(`${api}/salvage-transactions/${id}/pay`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': `bench-pay-${id}` },
      body: '{}',
    });
    const body = (await res.json()) as { status?: string };
    if (res.status !== 200 || body.status !== 'succeeded') {
      throw new Error(`pay ${id}: ${res.status} ${JSON.stringify(body)}`);
    }
  });
  const p50 = percentile(times, 50);
  const p99 = percentile(times, 99);
  return {
    rows: [
      {
        scenario: 'payment',
        metric: `salvage pay, ${PAYS} in sequence: p50 / p99`,
        figure: `${fmtMs(p50)} / ${fmtMs(p99)}`,
      },
    ],
    figures: { pays: PAYS, p50_ms: round(p50), p99_ms: round(p99) },
  };
}
