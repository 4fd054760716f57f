import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCampaign, makeCustomer } from '../../testing/fixtures.js';
import { createTestContext, json, type TestContext } from '../../testing/harness.js';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

const subscriptionBody = (extra: Record<string, unknown> = {}) => ({
  product_name: 'Gold Box',
  amount: 2999,
  currency: 'USD',
  interval: 'month',
  next_renewal_at: '2026-12-25T10:00:00Z',
  ...extra,
});

const trialBody = (extra: Record<string, unknown> = {}) => ({
  product_name: 'Sample Kit',
  expiration_amount: 4900,
  currency: 'EUR',
  expires_at: '2026-12-01T00:00:00.000+00:00',
  ...extra,
});

describe('admin customer billing state', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  const makeCard = async (accountId: string, customerId: string, removed = false) =>
    t.handle.db
      .insertInto('customer_cards')
      .values({
        account_id: accountId,
        customer_id: customerId,
        gateway: 'sandbox',
        gateway_token: `tok_${randomUUID()}`,
        brand: 'visa',
        last4: '4242',
        exp_month: 12,
        exp_year: 2030,
        fingerprint: randomUUID(),
        removed_at: removed ? new Date() : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

  const customerPath = async (accountId = t.account.id) => {
    const customer = await makeCustomer(t.handle.db, accountId);
    return { customer, path: `/customers/${customer.id}` };
  };

  describe('subscriptions', () => {
    it('creates and lists a customer’s subscriptions with its card and campaign', async () => {
      const { customer, path } = await customerPath();
      const card = await makeCard(t.account.id, customer.id);
      const campaign = await makeCampaign(t.handle.db, t.account.id);
      const res = await t.admin(
        'POST',
        `${path}/subscriptions`,
        subscriptionBody({ card_id: card.id, campaign_id: campaign.id, interval_count: 3 }),
      );
      expect(res.status).toBe(201);
      const sub = await json(res);
      expect(sub).toMatchObject({
        customer_id: customer.id,
        product_name: 'Gold Box',
        amount: 2999,
        currency: 'USD',
        interval: 'month',
        interval_count: 3,
        status: 'active',
        next_renewal_at: '2026-12-25T10:00:00.000Z',
        card_id: card.id,
        ship_to: null,
        cancel_reason: null,
      });
      expect(sub.campaign_id).toBe(campaign.id);

      const second = await json(
        t.admin('POST', `${path}/subscriptions`, subscriptionBody({ status: 'suspended' })),
      );
      const page1 = await json(t.admin('GET', `${path}/subscriptions?limit=1`));
      expect(page1.data).toEqual([sub]);
      const page2 = await json(
        t.admin('GET', `${path}/subscriptions?limit=1&cursor=${page1.next_cursor}`),
      );
      expect(page2).toEqual({ data: [second], next_cursor: null });
      const audit = await t.handle.db
        .selectFrom('audit_events')
        .select('action')
        .where('customer_id', '=', customer.id)
        .execute();
      expect(audit.map((a) => a.action)).toEqual(['subscription.created', 'subscription.created']);
    });

    it('refuses a card that is not this customer’s live card, and a foreign campaign (422)', async () => {
      const { customer, path } = await customerPath();
      const sibling = await makeCustomer(t.handle.db, t.account.id);
      const other = await t.newAccount('Other');
      const foreignCustomer = await makeCustomer(t.handle.db, other.id);
      const cases: [Record<string, unknown>, string][] = [
        [{ card_id: (await makeCard(t.account.id, sibling.id)).id }, 'card_not_found'],
        [{ card_id: (await makeCard(other.id, foreignCustomer.id)).id }, 'card_not_found'],
        [{ card_id: (await makeCard(t.account.id, customer.id, true)).id }, 'card_not_found'],
        [{ card_id: UNKNOWN }, 'card_not_found'],
        [{ campaign_id: (await makeCampaign(t.handle.db, other.id)).id }, 'campaign_not_found'],
        [{ campaign_id: UNKNOWN }, 'campaign_not_found'],
      ];
      for (const [extra, code] of cases) {
        const res = await t.admin('POST', `${path}/subscriptions`, subscriptionBody(extra));
        expect(res.status, JSON.stringify(extra)).toBe(422);
        expect((await json(res)).error.code).toBe(code);
      }
      const rows = await t.handle.db
        .selectFrom('subscriptions')
        .select('id')
        .where('customer_id', '=', customer.id)
        .execute();
      expect(rows, 'nothing written').toEqual([]);
    });

    it('rejects malformed subscriptions with 400', async () => {
      const { path } = await customerPath();
      const bad = [
        subscriptionBody({ amount: 0 }),
        subscriptionBody({ amount: 10.5 }),
        subscriptionBody({ amount: '2999' }),
        subscriptionBody({ currency: 'usd' }),
        subscriptionBody({ interval: 'fortnight' }),
        subscriptionBody({ status: 'paid' }),
        subscriptionBody({ next_renewal_at: 'tomorrow' }),
        subscriptionBody({ customer_id: UNKNOWN }),
        subscriptionBody({ card_id: 'x' }),
        { product_name: 'x' },
      ];
      for (const body of bad) {
        const res = await t.admin('POST', `${path}/subscriptions`, body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect((await json(res)).error.code).toBe('validation_failed');
      }
    });
  });

  describe('trials', () => {
    it('creates active trials and lists them', async () => {
      const { customer, path } = await customerPath();
      const res = await t.admin('POST', `${path}/trials`, trialBody());
      expect(res.status).toBe(201);
      const trial = await json(res);
      expect(trial).toMatchObject({
        customer_id: customer.id,
        product_name: 'Sample Kit',
        expiration_amount: 4900,
        currency: 'EUR',
        status: 'active',
        expires_at: '2026-12-01T00:00:00.000Z',
        subscription_id: null,
      });
      expect(await json(t.admin('GET', `${path}/trials`))).toEqual({
        data: [trial],
        next_cursor: null,
      });
      for (const body of [
        trialBody({ status: 'failed' }),
        trialBody({ expiration_amount: -1 }),
        trialBody({ expires_at: '2026-12-01' }),
        trialBody({ subscription_id: UNKNOWN }),
      ]) {
        const bad = await t.admin('POST', `${path}/trials`, body);
        expect(bad.status, JSON.stringify(body)).toBe(400);
      }
    });
  });

  describe('salvage transactions', () => {
    it('takes a failed renewal’s amount from the subscription and leaves its status alone', async () => {
      const { customer, path } = await customerPath();
      const sub = await json(
        t.admin('POST', `${path}/subscriptions`, subscriptionBody({ status: 'suspended' })),
      );
      const res = await t.admin('POST', `${path}/salvage-transactions`, {
        source: 'renewal',
        subscription_id: sub.id,
      });
      expect(res.status).toBe(201);
      const salvage = await json(res);
      expect(salvage).toMatchObject({
        customer_id: customer.id,
        source: 'renewal',
        subscription_id: sub.id,
        trial_id: null,
        product_name: 'Gold Box',
        amount: 2999,
        currency: 'USD',
        status: 'pending',
        paid_at: null,
      });
      const after = await json(t.admin('GET', `${path}/subscriptions`));
      expect(after.data[0], 'subscription unchanged').toEqual(sub);

      const dup = await t.admin('POST', `${path}/salvage-transactions`, {
        source: 'renewal',
        subscription_id: sub.id,
      });
      expect(dup.status, 'one open salvage per failure').toBe(409);
      expect((await json(dup)).error.code).toBe('invalid_state');

      expect(await json(t.admin('GET', `${path}/salvage-transactions`))).toEqual({
        data: [salvage],
        next_cursor: null,
      });
      const notes = await t.handle.db
        .selectFrom('customer_notes')
        .select('body')
        .where('customer_id', '=', customer.id)
        .execute();
      expect(notes).toEqual([
        { body: 'Renewal of Gold Box failed; payment due (recorded by merchant)' },
      ]);
    });

    it('takes a failed trial expiration’s amount from the trial and fails the trial', async () => {
      const { path } = await customerPath();
      const trial = await json(t.admin('POST', `${path}/trials`, trialBody()));
      const res = await t.admin('POST', `${path}/salvage-transactions`, {
        source: 'trial_expiration',
        trial_id: trial.id,
      });
      expect(res.status).toBe(201);
      expect(await json(res)).toMatchObject({
        source: 'trial_expiration',
        trial_id: trial.id,
        subscription_id: null,
        product_name: 'Sample Kit',
        amount: 4900,
        currency: 'EUR',
        status: 'pending',
      });
      const trials = await json(t.admin('GET', `${path}/trials`));
      expect(trials.data[0].status).toBe('failed');
    });

    it('never takes an amount, currency, product or status from the body', async () => {
      const { path } = await customerPath();
      const sub = await json(t.admin('POST', `${path}/subscriptions`, subscriptionBody()));
      for (const extra of [
        { amount: 1 },
        { currency: 'JPY' },
        { product_name: 'Cheap' },
        { status: 'paid' },
        { trial_id: UNKNOWN },
      ]) {
        const res = await t.admin('POST', `${path}/salvage-transactions`, {
          source: 'renewal',
          subscription_id: sub.id,
          ...extra,
        });
        expect(res.status, JSON.stringify(extra)).toBe(400);
        expect((await json(res)).error.code).toBe('validation_failed');
      }
      for (const bad of [
        {},
        { source: 'refund', subscription_id: sub.id },
        { source: 'renewal' },
      ]) {
        const res = await t.admin('POST', `${path}/salvage-transactions`, bad);
        expect(res.status, JSON.stringify(bad)).toBe(400);
      }
      expect((await json(t.admin('GET', `${path}/salvage-transactions`))).data).toEqual([]);
    });

    it('refuses another customer’s or account’s subscription and trial (422)', async () => {
      const { path } = await customerPath();
      const { path: siblingPath } = await customerPath();
      const other = await t.newAccount('Other');
      const { path: foreignPath } = await customerPath(other.id);
      const siblingSub = await json(
        t.admin('POST', `${siblingPath}/subscriptions`, subscriptionBody()),
      );
      const siblingTrial = await json(t.admin('POST', `${siblingPath}/trials`, trialBody()));
      const foreignSub = await json(
        t.admin('POST', `${foreignPath}/subscriptions`, subscriptionBody(), other.key),
      );
      const cases: [Record<string, unknown>, string][] = [
        [{ source: 'renewal', subscription_id: siblingSub.id }, 'subscription_not_found'],
        [{ source: 'renewal', subscription_id: foreignSub.id }, 'subscription_not_found'],
        [{ source: 'renewal', subscription_id: siblingTrial.id }, 'subscription_not_found'],
        [{ source: 'trial_expiration', trial_id: siblingTrial.id }, 'trial_not_found'],
        [{ source: 'trial_expiration', trial_id: UNKNOWN }, 'trial_not_found'],
      ];
      for (const [body, code] of cases) {
        const res = await t.admin('POST', `${path}/salvage-transactions`, body);
        expect(res.status, JSON.stringify(body)).toBe(422);
        expect((await json(res)).error.code).toBe(code);
      }
      // B's key on A's customer, even naming B's own subscription: 404 before anything else.
      const viaB = await t.admin(
        'POST',
        `${path}/salvage-transactions`,
        { source: 'renewal', subscription_id: foreignSub.id },
        other.key,
      );
      expect(viaB.status).toBe(404);
      const trialAfter = await json(t.admin('GET', `${siblingPath}/trials`));
      expect(trialAfter.data[0].status, 'sibling trial untouched').toBe('active');
      const written = await t.handle.db
        .selectFrom('salvage_transactions')
        .select('id')
        .where((eb) =>
          eb.or([
            eb('subscription_id', 'in', [siblingSub.id, foreignSub.id]),
            eb('trial_id', '=', siblingTrial.id),
          ]),
        )
        .execute();
      expect(written, 'nothing written').toEqual([]);
    });

    it('refuses a salvage for a cancelled subscription or a cancelled trial (409)', async () => {
      const { path } = await customerPath();
      const sub = await json(
        t.admin('POST', `${path}/subscriptions`, subscriptionBody({ status: 'cancelled' })),
      );
      const trial = await json(t.admin('POST', `${path}/trials`, trialBody()));
      await t.handle.db
        .updateTable('trials')
        .set({ status: 'cancelled' })
        .where('id', '=', trial.id)
        .execute();
      for (const body of [
        { source: 'renewal', subscription_id: sub.id },
        { source: 'trial_expiration', trial_id: trial.id },
      ]) {
        const res = await t.admin('POST', `${path}/salvage-transactions`, body);
        expect(res.status, body.source).toBe(409);
        expect((await json(res)).error.code).toBe('invalid_state');
      }
    });
  });

  describe('transactions', () => {
    it('lists a customer’s charge attempts in order', async () => {
      const { customer, path } = await customerPath();
      const insert = (status: 'succeeded' | 'failed', key: string) =>
        t.handle.db
          .insertInto('transactions')
          .values({
            account_id: t.account.id,
            customer_id: customer.id,
            kind: 'renewal',
            amount: 2999,
            currency: 'USD',
            status,
            gateway: 'sandbox',
            gateway_idempotency_key: key,
            gateway_charge_id: `ch_${key}`,
            decline_code: status === 'failed' ? 'insufficient_funds' : null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
      const failed = await insert('failed', randomUUID());
      const ok = await insert('succeeded', randomUUID());
      const res = await t.admin('GET', `${path}/transactions`);
      expect(res.status).toBe(200);
      const body = await json(res);
      expect(body.data.map((x: { id: string }) => x.id)).toEqual([failed.id, ok.id]);
      expect(body.data[0]).toMatchObject({
        kind: 'renewal',
        status: 'failed',
        amount: 2999,
        decline_code: 'insufficient_funds',
      });
      expect(body.data[0], 'no gateway internals').not.toHaveProperty('gateway_idempotency_key');
    });
  });

  it("answers every billing route for another account's customer with 404", async () => {
    const { customer, path } = await customerPath();
    const sub = await json(t.admin('POST', `${path}/subscriptions`, subscriptionBody()));
    const other = await t.newAccount('Snooper');
    const requests: [string, string, unknown?][] = [
      ['GET', `${path}/subscriptions`],
      ['POST', `${path}/subscriptions`, subscriptionBody()],
      ['GET', `${path}/trials`],
      ['POST', `${path}/trials`, trialBody()],
      ['GET', `${path}/salvage-transactions`],
      ['POST', `${path}/salvage-transactions`, { source: 'renewal', subscription_id: sub.id }],
      ['GET', `${path}/transactions`],
    ];
    for (const [method, url, body] of requests) {
      const res = await t.admin(method, url, body, other.key);
      expect(res.status, `${method} ${url}`).toBe(404);
      expect((await json(res)).error.code).toBe('not_found');
    }
    const subs = await t.handle.db
      .selectFrom('subscriptions')
      .select('id')
      .where('customer_id', '=', customer.id)
      .execute();
    expect(subs).toEqual([{ id: sub.id }]);
  });
});
