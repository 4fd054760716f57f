import type { Db } from '@portico/db';
import { sql } from 'kysely';

/** Names the advisory lock that lets one instance at a time fold change rows. */
export const COMPACTION_LOCK = 'portico/customer-overview-changes/compact';

/**
 * Folds each customer's overview change rows into one with the same sum and drops those of
 * deleted customers (the database function of migration `2026-12-07-0100`), at most
 * `maxCustomers` customers a call. Versions are unchanged, so held overview bodies stay good.
 * One instance folds at a time (a transaction-scoped advisory lock; the others skip, so two
 * never wait on each other's rows). Returns how many customers were folded, 0 when skipped.
 */
export async function compactOverviewChanges(db: Db, maxCustomers = 5_000): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const lock = await sql<{ got: boolean }>`select pg_try_advisory_xact_lock(
      hashtext(${COMPACTION_LOCK})) as got`.execute(tx);
    if (!lock.rows[0]?.got) return 0;
    const result = await sql<{ folded: number }>`select compact_customer_overview_changes(
      ${maxCustomers}::integer) as folded`.execute(tx);
    return result.rows[0]?.folded ?? 0;
  });
}
