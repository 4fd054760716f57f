import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCustomer } from '../../testing/fixtures.js';
import { createTestContext, json, type TestContext } from '../../testing/harness.js';
import { sandboxToken } from '../../testing/shopper-harness.js';

describe('admin AddCardToCustomer', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  it('attaches gateway tokens, first card default, and lists them', async () => {
    const customer = await makeCustomer(t.handle.db, t.account.id);
    const first = await t.admin('POST', `/customers/${customer.id}/cards`, {
      gateway_token: await sandboxToken(t, '4242424242424242'),
    });
    expect(first.status).toBe(201);
    expect(await json(first)).toMatchObject({ brand: 'visa', last4: '4242', is_default: true });
    const second = await json(
      t.admin('POST', `/customers/${customer.id}/cards`, {
        gateway_token: await sandboxToken(t, '378282246310005'),
        make_default: true,
      }),
    );
    expect(second).toMatchObject({ brand: 'amex', last4: '0005', is_default: true });
    const list = await json(t.admin('GET', `/customers/${customer.id}/cards`));
    expect(
      list.data.map((c: { brand: string; is_default: boolean }) => [c.brand, c.is_default]),
    ).toEqual([
      ['visa', false],
      ['amex', true],
    ]);
    const audit = await t.handle.db
      .selectFrom('audit_events')
      .select('action')
      .where('customer_id', '=', customer.id)
      .execute();
    expect(audit).toHaveLength(2);
  });

  it('refuses card numbers and CVCs with 400 card_data_not_accepted', async () => {
    const customer = await makeCustomer(t.handle.db, t.account.id);
    for (const body of [
      { gateway_token: 'tok_x', card_number: '4242424242424242' },
      { gateway_token: '5555555555554444' },
      { gateway_token: 'tok_x', cvc: '123' },
    ]) {
      const res = await t.admin('POST', `/customers/${customer.id}/cards`, body);
      expect(res.status).toBe(400);
      expect((await json(res)).error.code).toBe('card_data_not_accepted');
    }
  });

  it('refuses unknown tokens and unknown fields with 400', async () => {
    const customer = await makeCustomer(t.handle.db, t.account.id);
    const unknown = await t.admin('POST', `/customers/${customer.id}/cards`, {
      gateway_token: 'tok_unknown_x',
    });
    expect((await json(unknown)).error.code).toBe('card_token_invalid');
    const extra = await t.admin('POST', `/customers/${customer.id}/cards`, {
      gateway_token: 'tok_abcd',
      brand: 'visa',
    });
    expect((await json(extra)).error.code).toBe('validation_failed');
  });

  it("gives another account's customer a 404", async () => {
    const other = await t.newAccount('Other');
    const theirs = await makeCustomer(t.handle.db, other.id);
    const res = await t.admin('POST', `/customers/${theirs.id}/cards`, {
      gateway_token: await sandboxToken(t, '4242424242424242'),
    });
    expect(res.status).toBe(404);
    expect((await t.admin('GET', `/customers/${theirs.id}/cards`)).status).toBe(404);
    expect((await t.admin('GET', '/customers/nope/cards')).status).toBe(404);
  });
});
