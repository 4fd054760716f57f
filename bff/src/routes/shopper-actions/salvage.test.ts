import { createHash } from 'node:crypto';
import { connect } from '@portico/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.js';
import { createLogger } from '../../logger.js';
import { IN_FLIGHT_STALE_MS } from '../../services/idempotency/idempotency.js';
import { createSandboxGateway } from '../../services/payments/sandbox/sandbox-gateway.js';
import { json } from '../../testing/harness.js';
import {
  createShopperTestContext,
  effectCounts,
  makeSalvage,
  type Shopper,
  type ShopperTestContext,
} from '../../testing/shopper-harness.js';

const key = () => `key-${crypto.randomUUID()}`;

describe('paying a salvage transaction', () => {
  let t: ShopperTestContext;
  beforeAll(async () => {
    t = await createShopperTestContext();
  });
  afterAll(() => t.close());

  const pay = (s: Shopper, id: string, body: unknown = {}, k: string | null = key()) =>
    s.req('POST', `/salvage-transactions/${id}/pay`, body, k ? { 'idempotency-key': k } : {});

  const charges = async () =>
    (await t.handle.db.selectFrom('sandbox_gateway_charges').selectAll().execute()).length;

  it('pays a failed renewal with the default card, restores the subscription, writes events', async () => {
    const s = await t.newShopper();
    await t.addCard(s);
    const salvage = await makeSalvage(t, s);
    const res = await pay(s, salvage.id);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({
      status: 'succeeded',
      amount: 2999,
      currency: 'USD',
      decline_code: null,
    });
    const row = await t.handle.db
      .selectFrom('salvage_transactions')
      .selectAll()
      .where('id', '=', salvage.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'paid', paid_transaction_id: body.transaction_id });
    const sub = await t.handle.db
      .selectFrom('subscriptions')
      .selectAll()
      .where('id', '=', salvage.subscription_id as string)
      .executeTakeFirstOrThrow();
    expect(sub.status).toBe('active');
    expect(sub.next_renewal_at?.toISOString()).toBe('2027-02-15T00:00:00.000Z');
    const notes = await t.handle.db
      .selectFrom('customer_notes')
      .select('body')
      .where('customer_id', '=', s.customerId)
      .execute();
    expect(notes.map((n) => n.body)).toContain('Paid failed renewal Gold Box via portal Brand A');
    const audit = await t.handle.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', salvage.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['salvage_transaction.paid']);
    const outbox = await t.handle.db.selectFrom('outbox').select(['kind', 'payload']).execute();
    expect(outbox).toContainEqual({
      kind: 'webhook',
      payload: expect.objectContaining({
        type: 'salvage_transaction.paid',
        data: expect.objectContaining({ salvage_transaction_id: salvage.id }),
      }),
    });
  });

  it('pays a failed trial expiration with a chosen card and converts the trial', async () => {
    const s = await t.newShopper();
    await t.addCard(s);
    const second = await t.addCard(s, '378282246310005');
    const salvage = await makeSalvage(t, s, { source: 'trial_expiration' });
    const res = await pay(s, salvage.id, { card_id: second.id });
    expect(res.status).toBe(200);
    const tx = await t.handle.db
      .selectFrom('transactions')
      .selectAll()
      .where('id', '=', (await json(res)).transaction_id)
      .executeTakeFirstOrThrow();
    expect(tx.card_id).toBe(second.id);
    const trial = await t.handle.db
      .selectFrom('trials')
      .selectAll()
      .where('id', '=', salvage.trial_id as string)
      .executeTakeFirstOrThrow();
    expect(trial.status).toBe('expired');
    expect(trial.subscription_id).not.toBeNull();
  });

  it('records a decline, keeps the salvage open and returns the reason', async () => {
    const s = await t.newShopper();
    await t.addCard(s, '4000000000009995');
    const salvage = await makeSalvage(t, s);
    const res = await pay(s, salvage.id);
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({
      status: 'failed',
      decline_code: 'insufficient_funds',
      decline_message: 'Your card has insufficient funds.',
    });
    const row = await t.handle.db
      .selectFrom('salvage_transactions')
      .select('status')
      .where('id', '=', salvage.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
    // A second attempt gets a new gateway key and a new transaction.
    await t.addCard(s, '4242424242424242', true);
    const retry = await pay(s, salvage.id);
    expect((await json(retry)).status).toBe('succeeded');
    const keys = await t.handle.db
      .selectFrom('transactions')
      .select('gateway_idempotency_key')
      .where('salvage_transaction_id', '=', salvage.id)
      .orderBy('created_at')
      .execute();
    expect(keys.map((k) => k.gateway_idempotency_key)).toEqual([
      `salvage:${salvage.id}:1`,
      `salvage:${salvage.id}:2`,
    ]);
  });

  it('answers a paid salvage with 409 already_paid and a voided one with 409 invalid_state', async () => {
    const s = await t.newShopper();
    await t.addCard(s);
    const paid = await makeSalvage(t, s, { status: 'paid' });
    const voided = await makeSalvage(t, s, { status: 'voided' });
    const before = await charges();
    const a = await pay(s, paid.id);
    expect(a.status).toBe(409);
    expect((await json(a)).error.code).toBe('already_paid');
    const b = await pay(s, voided.id);
    expect(b.status).toBe(409);
    expect((await json(b)).error.code).toBe('invalid_state');
    expect(await charges()).toBe(before);
  });

  it('refuses a client-sent amount, a missing Idempotency-Key and a card without a default', async () => {
    const s = await t.newShopper();
    const salvage = await makeSalvage(t, s);
    const amount = await pay(s, salvage.id, { amount: 1 });
    expect(amount.status).toBe(400);
    expect((await json(amount)).error.code).toBe('validation_failed');
    const missing = await pay(s, salvage.id, {}, null);
    expect(missing.status).toBe(400);
    expect((await json(missing)).error.code).toBe('idempotency_key_required');
    const noCard = await pay(s, salvage.id);
    expect(noCard.status).toBe(409);
    expect((await json(noCard)).error.code).toBe('no_payment_method');
  });

  it("hides another customer's salvage and card behind the same 404, writing nothing", async () => {
    const s = await t.newShopper();
    await t.addCard(s);
    const other = await t.newShopper({ portalId: s.portalId });
    const otherCard = await t.addCard(other);
    const theirs = await makeSalvage(t, other);
    const mine = await makeSalvage(t, s);
    const before = await effectCounts(t);
    const unknown = await pay(s, '00000000-0000-4000-8000-000000000000');
    const a = await pay(s, theirs.id);
    const b = await pay(s, mine.id, { card_id: otherCard.id });
    expect(a.status).toBe(404);
    expect(await json(a)).toEqual(await json(unknown));
    expect(b.status).toBe(404);
    expect(await effectCounts(t)).toEqual(before);
  });

  it('replays the same key and body, refuses the key with another body, and refuses it in flight', async () => {
    const s = await t.newShopper();
    const card = await t.addCard(s);
    const salvage = await makeSalvage(t, s);
    const k = key();
    const first = await pay(s, salvage.id, {}, k);
    const replay = await pay(s, salvage.id, {}, k);
    expect(replay.status).toBe(first.status);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await json(replay)).toEqual(await json(first));
    const reused = await pay(s, salvage.id, { card_id: card.id }, k);
    expect(reused.status).toBe(422);
    expect((await json(reused)).error.code).toBe('idempotency_key_reused');
    expect(await charges()).toBeGreaterThan(0);

    const slow = await makeSalvage(t, s);
    t.gateway.faults.delayMs = 300;
    try {
      const k2 = key();
      const inFlight = pay(s, slow.id, {}, k2);
      await new Promise((r) => setTimeout(r, 100));
      const second = await pay(s, slow.id, {}, k2);
      expect(second.status).toBe(409);
      expect((await json(second)).error.code).toBe('idempotency_in_flight');
      expect((await inFlight).status).toBe(200);
    } finally {
      t.gateway.faults.delayMs = 0;
    }
  });

  it('keeps keys per customer: another shopper may use the same key', async () => {
    const a = await t.newShopper();
    const b = await t.newShopper();
    await t.addCard(a);
    await t.addCard(b);
    const k = key();
    expect((await pay(a, (await makeSalvage(t, a)).id, {}, k)).status).toBe(200);
    expect((await pay(b, (await makeSalvage(t, b)).id, {}, k)).status).toBe(200);
  });

  it('takes over a key left in flight by a process that died; a fresh one is still 409', async () => {
    const s = await t.newShopper();
    await t.addCard(s);
    // What a killed BFF leaves behind: the key claimed for this exact request, never done.
    const leaveInFlight = async (salvageId: string, ageMs: number) => {
      const k = key();
      const path = `/api/portals/${s.portalId}/salvage-transactions/${salvageId}/pay`;
      const hash = createHash('sha256').update(`POST ${path}\n{}`).digest('hex');
      await sql`insert into idempotency_keys
          (customer_id, account_id, key, request_hash, status, created_at, expires_at)
        values (${s.customerId}, ${s.accountId}, ${k}, ${hash}, 'in_flight',
          now() - make_interval(secs => ${ageMs / 1000}), now() + interval '1 day')`.execute(
        t.handle.db,
      );
      return k;
    };
    // Younger than the stale limit: a request still running, so 409.
    const running = await makeSalvage(t, s);
    const busy = await pay(s, running.id, {}, await leaveInFlight(running.id, 1_000));
    expect(busy.status).toBe(409);
    expect((await json(busy)).error.code).toBe('idempotency_in_flight');
    // Older: abandoned. The retry runs, charges once, and its answer is replayed after.
    const abandoned = await makeSalvage(t, s);
    const k = await leaveInFlight(abandoned.id, IN_FLIGHT_STALE_MS + 5_000);
    const before = await charges();
    const retried = await pay(s, abandoned.id, {}, k);
    expect(retried.status).toBe(200);
    expect((await json(retried)).status).toBe('succeeded');
    const replay = await pay(s, abandoned.id, {}, k);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await charges()).toBe(before + 1);
  });

  it('charges exactly once for ten concurrent pays with ten different keys', async () => {
    const s = await t.newShopper();
    await t.addCard(s);
    const salvage = await makeSalvage(t, s);
    t.gateway.faults.delayMs = 50;
    let results: Response[];
    try {
      results = await Promise.all(Array.from({ length: 10 }, () => pay(s, salvage.id)));
    } finally {
      t.gateway.faults.delayMs = 0;
    }
    const statuses = results.map((r) => r.status).sort();
    console.log('ten concurrent pays:', statuses.join(' '));
    expect(statuses.filter((x) => x === 200)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200)) {
      expect(['already_paid', 'payment_in_progress']).toContain((await json(r)).error.code);
    }
    const succeeded = await t.handle.db
      .selectFrom('transactions')
      .selectAll()
      .where('salvage_transaction_id', '=', salvage.id)
      .execute();
    expect(succeeded.filter((x) => x.status === 'succeeded')).toHaveLength(1);
    const gatewayCharges = await t.handle.db
      .selectFrom('sandbox_gateway_charges')
      .selectAll()
      .where('idempotency_key', 'like', `salvage:${salvage.id}:%`)
      .execute();
    expect(gatewayCharges).toHaveLength(1);
  });

  it('charges exactly once across two app instances on one database', async () => {
    if (!('url' in t.handle) || !t.handle.url) return; // needs real Postgres (two pools)
    const second = await connect({ databaseUrl: t.handle.url as string, poolSize: 10 });
    try {
      const deps2 = {
        ...t.deps,
        db: second.db,
        gateway: createSandboxGateway(second.db),
        logger: createLogger('silent'),
      };
      const app2 = createApp(deps2);
      const s = await t.newShopper();
      await t.addCard(s);
      const salvage = await makeSalvage(t, s);
      // The second instance reads the same session row through the same signed cookie.
      const viaSecondApp = s.via(app2);
      t.gateway.faults.delayMs = 30;
      deps2.gateway.faults.delayMs = 30;
      const viaSecond = () =>
        viaSecondApp(
          'POST',
          `/salvage-transactions/${salvage.id}/pay`,
          {},
          { 'idempotency-key': key() },
        );
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? viaSecond() : pay(s, salvage.id))),
      );
      t.gateway.faults.delayMs = 0;
      console.log('two instances, ten pays:', results.map((r) => r.status).join(' '));
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      const gatewayCharges = await t.handle.db
        .selectFrom('sandbox_gateway_charges')
        .selectAll()
        .where('idempotency_key', 'like', `salvage:${salvage.id}:%`)
        .execute();
      expect(gatewayCharges).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('leaves the record pending after a gateway timeout; the retry never charges twice', async () => {
    const s = await t.newShopper();
    await t.addCard(s);
    const salvage = await makeSalvage(t, s);
    const k = key();
    t.gateway.faults.timeoutAfterSuccess = true;
    let first: Response;
    try {
      first = await pay(s, salvage.id, {}, k);
    } finally {
      t.gateway.faults.timeoutAfterSuccess = false;
    }
    expect(first.status).toBe(502);
    expect((await json(first)).error.code).toBe('payment_outcome_unknown');
    const pending = await t.handle.db
      .selectFrom('transactions')
      .selectAll()
      .where('salvage_transaction_id', '=', salvage.id)
      .execute();
    expect(pending.map((p) => [p.status, p.gateway_idempotency_key])).toEqual([
      ['pending', `salvage:${salvage.id}:1`],
    ]);
    const row = await t.handle.db
      .selectFrom('salvage_transactions')
      .select('status')
      .where('id', '=', salvage.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('processing');

    // The retry (same Idempotency-Key: the 5xx was not stored) reuses the gateway key.
    const retry = await pay(s, salvage.id, {}, k);
    expect(retry.status).toBe(200);
    expect((await json(retry)).status).toBe('succeeded');
    const gatewayCharges = await t.handle.db
      .selectFrom('sandbox_gateway_charges')
      .selectAll()
      .where('idempotency_key', 'like', `salvage:${salvage.id}:%`)
      .execute();
    expect(gatewayCharges).toHaveLength(1);
    // And a fresh key after it is paid is refused without touching the gateway.
    const again = await pay(s, salvage.id);
    expect((await json(again)).error.code).toBe('already_paid');
  });

  it('refuses the pay when salvage_transaction_process is off', async () => {
    const s = await t.newShopper({ permissions: ['credit_card_add'] });
    await t.addCard(s);
    const salvage = await makeSalvage(t, s);
    const res = await pay(s, salvage.id);
    expect(res.status).toBe(403);
    expect((await json(res)).error.code).toBe('permission_denied');
  });
});
