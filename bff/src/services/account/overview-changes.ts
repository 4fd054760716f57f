import type { Db } from '@portico/db';
import { sql } from 'kysely';

/**
 * Folds each customer's overview change rows into one with the same sum and drops those of
 * deleted customers (the database function of migration `2026-12-07-0100`), at most
 * `maxCustomers` customers a call. Versions are unchanged, so held overview bodies stay good.
 * Returns how many customers were folded.
 */
export async function compactOverviewChanges(db: Db, maxCustomers = 5_000): Promise<number> {
  const result = await sql<{ folded: number }>`select compact_customer_overview_changes(
    ${maxCustomers}::integer) as folded`.execute(db);
  return result.rows[0]?.folded ?? 0;
}
