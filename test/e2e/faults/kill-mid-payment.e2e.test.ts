import { DEMO_IDS, DEMO_PASSWORD } from '@portico/db';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hasPostgres, type SuiteDatabase, suiteDatabase } from '../lib/database.js';
import { type BffProcess, freePort, startBff } from '../lib/processes.js';
import { retryWhileBusy, ShopperClient } from '../lib/shopper-client.js';
import { waitUntil } from '../lib/wait.js';

/**
 * Fault: the BFF is killed (SIGKILL) in the middle of a payment, once after the processor
 * charged but before the BFF recorded it, once before the processor was called. A new
 * process on the same database takes the shopper's retry with the same Idempotency-Key: the
 * card is charged exactly once and every record agrees with the processor.
 */
describe.skipIf(!hasPostgres)('fault: the BFF killed mid-payment', () => {
  let database: SuiteDatabase;
  let port: number;
  let gatewayPort: number;
  const running: BffProcess[] = [];

  const start = async (faults: Record<string, string> = {}) => {
    const bff = await startBff({
      DATABASE_URL: database.url,
      SEED_DEMO: 'true',
      PORT: String(port),
      GATEWAY_PORT: String(gatewayPort),
      ...faults,
    });
    running.push(bff);
    return bff;
  };

  beforeAll(async () => {
    database = await suiteDatabase();
    port = await freePort();
    gatewayPort = await freePort();
  });

  afterAll(async () => {
    for (const bff of running) await bff.stop();
    await database?.close();
  });

  const chargesFor = (salvageId: string) =>
    database.db
      .selectFrom('sandbox_gateway_charges')
      .select(['id', 'amount', 'status', 'idempotency_key'])
      .where('idempotency_key', 'like', `salvage:${salvageId}:%`)
      .execute();

  async function payThroughACrash(opts: {
    email: string;
    faults: Record<string, string>;
    /** True once the dying request has reached the point where it is killed. */
    killWhen: (salvageId: string) => Promise<boolean>;
    chargesAtKill: number;
  }) {
    const first = await start(opts.faults);
    const shopper = new ShopperClient(first.origin, DEMO_IDS.portalBrandB);
    await shopper.logIn(opts.email, DEMO_PASSWORD);
    const account = (await (await shopper.request('GET', '/account')).json()) as {
      salvage_transactions: { id: string; status: string; amount: number }[];
    };
    const salvage = account.salvage_transactions.find((s) => s.status === 'pending');
    if (!salvage) throw new Error(`${opts.email} has no payment due`);
    const key = `pay-${salvage.id}-${Date.now()}`;
    const pay = () =>
      shopper.request(
        'POST',
        `/salvage-transactions/${salvage.id}/pay`,
        {},
        { 'idempotency-key': key },
      );

    const dying = pay().then(
      (r) => `answered ${r.status}`,
      () => 'connection lost',
    );
    await waitUntil('the payment to be mid-flight', () => opts.killWhen(salvage.id), {
      everyMs: 50,
    });
    await first.kill();
    expect(await dying).toBe('connection lost');

    // What the dead process left: an attempt still pending, the charge as far as it got.
    expect(await chargesFor(salvage.id)).toHaveLength(opts.chargesAtKill);
    const left = await database.db
      .selectFrom('transactions')
      .select(['status'])
      .where('salvage_transaction_id', '=', salvage.id)
      .execute();
    expect(left).toEqual([{ status: 'pending' }]);

    // A new process, same database, same storefront origin; the shopper retries.
    const second = await start();
    shopper.origin = second.origin;
    const { res, body, busyAnswers } = await retryWhileBusy(
      pay,
      ['idempotency_in_flight', 'payment_in_progress'],
      120_000,
    );
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ status: 'succeeded', amount: salvage.amount });
    console.log(
      `${opts.email}: retry refused while the dead request's leases ran:`,
      busyAnswers.length,
    );

    // Exactly one charge, and every record reconciles with it.
    const charges = await chargesFor(salvage.id);
    expect(charges).toHaveLength(1);
    expect(charges[0]).toMatchObject({ status: 'succeeded', amount: salvage.amount });
    const attempts = await database.db
      .selectFrom('transactions')
      .select(['id', 'status', 'gateway_charge_id', 'gateway_idempotency_key', 'locked_until'])
      .where('salvage_transaction_id', '=', salvage.id)
      .execute();
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({
      status: 'succeeded',
      gateway_charge_id: charges[0]?.id,
      gateway_idempotency_key: charges[0]?.idempotency_key,
      locked_until: null,
    });
    const row = await database.db
      .selectFrom('salvage_transactions')
      .select(['status', 'paid_transaction_id'])
      .where('id', '=', salvage.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'paid', paid_transaction_id: attempts[0]?.id });
    const paidEvents = await database.db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'salvage_transaction.paid')
      .where('subject_id', '=', salvage.id)
      .execute();
    expect(paidEvents).toHaveLength(1);

    // The same key replays the answer; a new key finds it paid. Still one charge.
    const replay = await pay();
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const again = await shopper.request(
      'POST',
      `/salvage-transactions/${salvage.id}/pay`,
      {},
      { 'idempotency-key': `${key}-again` },
    );
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('already_paid');
    expect(await chargesFor(salvage.id)).toHaveLength(1);
    await second.stop();
  }

  test('killed after the processor charged, before the BFF recorded it', async () => {
    await payThroughACrash({
      email: 'olivia.chen@example.com',
      faults: { SANDBOX_GATEWAY_DELAY_AFTER_CHARGE_MS: '120000' },
      killWhen: async (id) => (await chargesFor(id)).length === 1,
      chargesAtKill: 1,
    });
  });

  test('killed while waiting for the processor, before it charged', async () => {
    await payThroughACrash({
      email: 'mia.rossi@example.com',
      faults: { SANDBOX_GATEWAY_DELAY_MS: '120000' },
      killWhen: async (id) => {
        const attempt = await database.db
          .selectFrom('transactions')
          .select('locked_until')
          .where('salvage_transaction_id', '=', id)
          .where('status', '=', 'pending')
          .executeTakeFirst();
        return attempt?.locked_until != null;
      },
      chargesAtKill: 0,
    });
  });
});
