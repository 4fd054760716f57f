import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_IDS, DEMO_PASSWORD } from '@portico/db';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ARTIFACTS } from '../lib/browser.js';
import { type BffProcess, startBff } from '../lib/processes.js';
import { ShopperClient } from '../lib/shopper-client.js';
import {
  postgresBinDir,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from '../lib/throwaway-postgres.js';
import { waitUntil } from '../lib/wait.js';

interface Answer {
  kind: 'write' | 'read';
  status: number;
  ms: number;
  line1?: string;
  phase: 'before' | 'down' | 'after';
}

/**
 * Fault: Postgres restarted under load. On a throwaway cluster of its own (never the shared
 * one), a shopper keeps writing their ship-to and reading their account while the server
 * is stopped and started again. Meanwhile the BFF answers 503 fast; afterwards it serves
 * again without a restart; and every write is whole or absent: state, audit event, note
 * and webhook outbox row agree.
 */
if (process.env.CI && !postgresBinDir()) {
  throw new Error('CI runs the Postgres restart fault: install the server binaries or set PG_BIN');
}

describe.skipIf(!postgresBinDir())('fault: Postgres restarted under load', () => {
  let postgres: ThrowawayPostgres;
  let bff: BffProcess;

  beforeAll(async () => {
    postgres = await startThrowawayPostgres();
    bff = await startBff({ DATABASE_URL: postgres.url, SEED_DEMO: 'true' });
  });

  afterAll(async () => {
    await bff?.stop();
    postgres?.destroy();
  });

  test('503 while down, recovery without a BFF restart, nothing half-written', async () => {
    const shopper = new ShopperClient(bff.origin, DEMO_IDS.portalBrandA);
    await shopper.logIn('ava.thompson@example.com', DEMO_PASSWORD);
    const answers: Answer[] = [];
    let phase: Answer['phase'] = 'before';
    let n = 0;
    let stopLoad = false;

    const timed = async (kind: Answer['kind'], send: () => Promise<Response>, line1?: string) => {
      const at = phase;
      const t0 = Date.now();
      let status: number;
      try {
        const res = await send();
        await res.arrayBuffer();
        status = res.status;
      } catch {
        status = 0;
      }
      answers.push({ kind, status, ms: Date.now() - t0, line1, phase: at === phase ? at : 'down' });
    };
    const writer = async () => {
      while (!stopLoad && n < 2_000) {
        n += 1;
        const line1 = `${n} Load Street`;
        await timed(
          'write',
          () =>
            shopper.request('PUT', '/account/ship-to', {
              ship_to: {
                line1,
                city: 'Springfield',
                state: 'IL',
                postal_code: '62701',
                country: 'US',
              },
            }),
          line1,
        );
      }
    };
    const reader = async () => {
      let reads = 0;
      while (!stopLoad && reads < 4_000) {
        reads += 1;
        await timed('read', () => shopper.request('GET', '/account'));
      }
    };
    const load = Promise.all([writer(), writer(), reader()]);

    const count = (p: Answer['phase'], status: number) =>
      answers.filter((a) => a.phase === p && a.status === status).length;
    try {
      await waitUntil('load before the restart', () => count('before', 200) >= 20);
      phase = 'down';
      postgres.stop();
      await waitUntil('503s while down', () => count('down', 503) >= 10);
      const health = await fetch(`${bff.origin}/healthz`);
      expect(health.status).toBe(503);
      postgres.start();
      await waitUntil('health again', async () => (await fetch(`${bff.origin}/healthz`)).ok);
      phase = 'after';
      await waitUntil('writes after recovery', () =>
        answers.some((a) => a.phase === 'after' && a.kind === 'write' && a.status === 200),
      );
      await waitUntil('load after recovery', () => count('after', 200) >= 20);
    } finally {
      stopLoad = true;
      await load;
      const tally: Record<string, number> = {};
      for (const a of answers) {
        const k = `${a.phase} ${a.kind} ${a.status}`;
        tally[k] = (tally[k] ?? 0) + 1;
      }
      console.log('answers by phase, kind and status:', tally);
      // The BFF's log of the restart, kept as an artifact.
      mkdirSync(join(ARTIFACTS, 'fault-postgres-restart'), { recursive: true });
      writeFileSync(join(ARTIFACTS, 'fault-postgres-restart', 'bff.log'), bff.output());
    }

    // While down: only 503s (or the connection the stop cut), each fast.
    const down = answers.filter((a) => a.phase === 'down');
    const unexpected = down.filter((a) => ![200, 503].includes(a.status));
    expect(unexpected, JSON.stringify(unexpected.slice(0, 5))).toEqual([]);
    const slow503 = down.filter((a) => a.status === 503 && a.ms > 5_000);
    expect(slow503).toEqual([]);
    // After recovery, the same process serves everything again.
    const after = answers.filter((a) => a.phase === 'after');
    expect(after.filter((a) => a.status !== 200)).toEqual([]);
    expect(bff.output()).not.toMatch(/BFF exited|uncaught/i);
    console.log(
      `answers: before ${count('before', 200)} ok; down ${count('down', 503)}×503, ` +
        `${count('down', 200)}×200; after ${count('after', 200)} ok`,
    );

    // Nothing half-written: each committed write has its state, audit, note and webhook.
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      const customer = (
        await client.query<{ id: string; line1: string }>(
          `select id, ship_to->>'line1' as line1 from customers where email = $1`,
          ['ava.thompson@example.com'],
        )
      ).rows[0];
      if (!customer) throw new Error('no customer');
      const audits = (
        await client.query<{ line1: string }>(
          `select data->'ship_to'->>'line1' as line1 from audit_events
           where customer_id = $1 and action = 'customer.ship_to_updated' order by created_at, id`,
          [customer.id],
        )
      ).rows.map((r) => r.line1);
      const webhooks = (
        await client.query<{ line1: string }>(
          `select payload->'data'->'ship_to'->>'line1' as line1 from outbox
           where kind = 'webhook' and payload->>'type' = 'customer.ship_to_updated'
             and payload->'data'->>'customer_id' = $1`,
          [customer.id],
        )
      ).rows.map((r) => r.line1);
      const notes = (
        await client.query<{ n: string }>(
          `select count(*) as n from customer_notes
           where customer_id = $1 and body like 'Changed the ship-to address%'`,
          [customer.id],
        )
      ).rows[0];
      expect([...webhooks].sort()).toEqual([...audits].sort());
      expect(Number(notes?.n)).toBe(audits.length);
      const acknowledged = answers.filter((a) => a.kind === 'write' && a.status === 200);
      for (const a of acknowledged) expect(audits).toContain(a.line1);
      expect(audits.length).toBeGreaterThanOrEqual(acknowledged.length);
      expect(audits).toContain(customer.line1);
    } finally {
      await client.end();
    }
  });
});
