import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from './connect.js';
import { freshDatabase } from './testing.js';

describe('migrations', () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await freshDatabase();
  });
  afterAll(() => handle.close());

  it('creates every table of the Database interface', async () => {
    const { rows } = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public'
    `.execute(handle.db);
    const names = rows.map((r) => r.table_name);
    for (const t of [
      'accounts',
      'portals',
      'customers',
      'salvage_transactions',
      'outbox',
      'sessions',
    ]) {
      expect(names, `table ${t}`).toContain(t);
    }
  });

  it('keeps customer emails unique per account regardless of case', async () => {
    const account = await handle.db
      .insertInto('accounts')
      .values({ name: 'A' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await handle.db
      .insertInto('customers')
      .values({ account_id: account.id, email: 'Ann@Example.com', metadata: '{}' })
      .execute();
    await expect(
      handle.db
        .insertInto('customers')
        .values({ account_id: account.id, email: 'ann@example.com', metadata: '{}' })
        .execute(),
    ).rejects.toThrow(/duplicate key/);
  });

  it('gives customer search one trigram index, without a pending list', async () => {
    // A GIN pending list is read in full by every search until a vacuum empties it.
    const { rows } = await sql<{ indexname: string; indexdef: string }>`
      select indexname, indexdef from pg_indexes
      where tablename = 'customers' and indexdef like '%gin_trgm_ops%'
    `.execute(handle.db);
    expect(rows.map((r) => r.indexname)).toEqual(['customers_search_document']);
    expect(rows[0]?.indexdef).toContain('fastupdate=off');
  });

  it('indexes the search document by its distinct four-digit pieces, without a pending list', async () => {
    const grams = async (document: string) =>
      (
        await sql<{
          grams: string[];
        }>`select customer_search_digit_grams(${document}) as grams`.execute(handle.db)
      ).rows[0]?.grams;
    // Every 4-gram of each run of ASCII digits, each once; nothing across other characters.
    expect(
      await grams('customer0004@x.test\u001fann lee\u001f+1 (555) 010-5555\u001fint-123456'),
    ).toEqual(['0004', '1234', '2345', '3456', '5555']);
    expect(await grams('555555\u001f5555'), 'each piece once').toEqual(['5555']);
    expect(await grams('555 010-777'), 'runs of three').toEqual([]);
    expect(await grams('no digits'), 'an empty array, not null').toEqual([]);
    expect(await grams('١٢٣٤٥'), 'ASCII digits only').toEqual([]);
    const { rows } = await sql<{ indexdef: string }>`
      select indexdef from pg_indexes where indexname = 'customers_search_digit_grams'
    `.execute(handle.db);
    expect(rows[0]?.indexdef).toMatch(/USING gin \(customer_search_digit_grams\(lower\(/);
    expect(rows[0]?.indexdef).toContain('fastupdate=off');
  });

  it('refuses a card row whose last4 is not four digits', async () => {
    const account = await handle.db
      .insertInto('accounts')
      .values({ name: 'B' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const customer = await handle.db
      .insertInto('customers')
      .values({ account_id: account.id, email: 'b@example.com', metadata: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(
      handle.db
        .insertInto('customer_cards')
        .values({
          account_id: account.id,
          customer_id: customer.id,
          gateway: 'sandbox',
          gateway_token: 'tok',
          brand: 'visa',
          last4: '4242424242424242',
          exp_month: 1,
          exp_year: 2030,
          fingerprint: 'f',
        })
        .execute(),
    ).rejects.toThrow(/check constraint/);
  });
});
