import { findCardNumbers } from '@portico/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../bff/src/logger.js';
import { createSandboxGatewayApp } from '../../bff/src/services/payments/sandbox/app.js';
import {
  createShopperTestContext,
  makeSalvage,
  makeSubscription,
  makeTrial,
  type ShopperTestContext,
} from '../../bff/src/testing/shopper-harness.js';

const NUMBERS = [
  '4242424242424242',
  '5555555555554444',
  '378282246310005',
  '6011111111111117',
  '4000000000000002',
  '4000000000009995',
  '4000000000000069',
  '4000000000000127',
  '4000000000000119',
];

/**
 * SECURITY.md item 20: after a flow that enters every test card in the gateway's fields,
 * attaches them, charges, declines, times out and retries, no table and no log line holds
 * a card number.
 */
describe('no card number is stored or logged', () => {
  let t: ShopperTestContext;
  const logLines: string[] = [];
  beforeAll(async () => {
    const logger = createLogger('trace', { write: (line: string) => void logLines.push(line) });
    t = await createShopperTestContext({ logger, deps: { logger } });
  });
  afterAll(() => t.close());

  it('runs a card and payment flow, then finds no Luhn-valid number in any column or log', async () => {
    const gatewayApp = createSandboxGatewayApp({
      db: t.handle.db,
      secret: t.deps.config.secret,
      devHosts: ['localhost'],
    });
    const s = await t.newShopper();
    const cardIds: string[] = [];
    for (const number of NUMBERS) {
      // Entered in the card fields (the gateway's origin), as a shopper would.
      const res = await gatewayApp.request('/tokens', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://localhost:8787' },
        body: JSON.stringify({
          number: number.replace(/(\d{4})/g, '$1 ').trim(),
          exp_month: 12,
          exp_year: 2031,
          cvc: number.startsWith('37') ? '1234' : '123',
        }),
      });
      expect(res.status).toBe(201);
      const { token } = (await res.json()) as { token: string };
      const added = await s.req('POST', '/cards', { gateway_token: token });
      expect(added.status).toBe(201);
      cardIds.push(((await added.json()) as { id: string }).id);
    }
    // Attempts to send numbers to the shopper API are refused (and must not be logged).
    expect((await s.req('POST', '/cards', { card_number: NUMBERS[0], cvc: '123' })).status).toBe(
      400,
    );
    expect((await s.req('PATCH', '/account/contact', { company: NUMBERS[1] })).status).toBe(400);

    const sub = await makeSubscription(t, s);
    const trial = await makeTrial(t, s);
    const key = () => `k-${crypto.randomUUID()}`;
    for (const cardId of cardIds) {
      await s.req('POST', `/cards/${cardId}/default`, {});
      await s.req('POST', `/subscriptions/${sub.id}/renew`, {}, { 'idempotency-key': key() });
      const salvage = await makeSalvage(t, s);
      await s.req(
        'POST',
        `/salvage-transactions/${salvage.id}/pay`,
        { card_id: cardId },
        { 'idempotency-key': key() },
      );
    }
    await s.req('POST', `/trials/${trial.id}/expire`, {}, { 'idempotency-key': key() });
    t.gateway.faults.timeoutAfterSuccess = true;
    const lost = await makeSalvage(t, s);
    const k = key();
    expect(
      (await s.req('POST', `/salvage-transactions/${lost.id}/pay`, {}, { 'idempotency-key': k }))
        .status,
    ).toBe(502);
    t.gateway.faults.timeoutAfterSuccess = false;
    await s.req('POST', `/salvage-transactions/${lost.id}/pay`, {}, { 'idempotency-key': k });

    // A careless log call with a card field is redacted by the logger.
    t.deps.logger.warn({ card_number: NUMBERS[0], body: { cvc: '123' } }, 'careless');
    expect(logLines.length).toBeGreaterThan(0);

    const leaks = await scanEveryColumn(t);
    expect(leaks).toEqual([]);
    const logLeaks = logLines.filter((line) => findCardNumbers(line).length > 0);
    expect(logLeaks).toEqual([]);
    // The scan itself works: a planted number is found.
    await t.handle.db
      .insertInto('customer_notes')
      .values({
        account_id: s.accountId,
        customer_id: s.customerId,
        source: 'admin',
        body: `card ${NUMBERS[2]}`,
      })
      .execute();
    expect(await scanEveryColumn(t)).toEqual(['customer_notes.body']);
  });
});

/** Every text, varchar, json, jsonb and array column of every table in the schema. */
async function scanEveryColumn(t: ShopperTestContext): Promise<string[]> {
  const { rows: columns } = await sql<{ table_name: string; column_name: string }>`
    select c.table_name, c.column_name
    from information_schema.columns c
    join information_schema.tables tb
      on tb.table_name = c.table_name and tb.table_schema = c.table_schema
    where c.table_schema = 'public' and tb.table_type = 'BASE TABLE'
      and (c.data_type in ('text', 'character varying', 'json', 'jsonb', 'ARRAY', 'character'))
  `.execute(t.handle.db);
  expect(columns.length).toBeGreaterThan(50);
  const leaks: string[] = [];
  for (const { table_name, column_name } of columns) {
    const { rows } = await sql<{ v: string | null }>`
      select ${sql.ref(column_name)}::text as v from ${sql.table(table_name)}
    `.execute(t.handle.db);
    for (const { v } of rows) {
      if (v && findCardNumbers(v).length > 0) {
        leaks.push(`${table_name}.${column_name}`);
      }
    }
  }
  return leaks;
}
