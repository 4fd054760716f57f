import type { Generated } from 'kysely';

/**
 * Written by triggers only (migration `2026-12-07-0100`): one row per change to what a
 * customer's account overview shows. The sum of `changes` over a customer's rows is their
 * overview's version; compaction folds the rows, keeping the sum.
 */
export interface CustomerOverviewChangesTable {
  customer_id: string;
  account_id: string;
  changes: Generated<string>;
}
