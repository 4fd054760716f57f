import type { Database, Db, Tx } from '@portico/db';
import type { Kysely, Selectable } from 'kysely';

/** Whose rows a shopper (or admin, for one customer) may touch. */
export interface Owner {
  accountId: string;
  customerId: string;
}

type OwnedTable = 'subscriptions' | 'trials' | 'salvage_transactions';

/**
 * A row of this customer in this account, or undefined: the caller answers 404, the same as
 * for an unknown id. With `lock`, the row is locked `for update` (inside a transaction).
 */
export async function findOwned<T extends OwnedTable>(
  db: Db | Tx,
  table: T,
  owner: Owner,
  id: string,
  lock = false,
): Promise<Selectable<Database[T]> | undefined> {
  // The three tables share id, customer_id and account_id; the generic name defeats
  // Kysely's per-table typing, so the builder is widened and the result typed by `T`.
  // biome-ignore lint/suspicious/noExplicitAny: see above
  let query = (db as unknown as Kysely<any>)
    .selectFrom(table)
    .selectAll()
    .where('id', '=', id)
    .where('customer_id', '=', owner.customerId)
    .where('account_id', '=', owner.accountId);
  if (lock) query = query.forUpdate();
  return (await query.executeTakeFirst()) as Selectable<Database[T]> | undefined;
}

/** The locked row of a subject whose ownership the route already checked. */
export async function lockOwned<T extends OwnedTable>(
  tx: Tx,
  table: T,
  owner: Owner,
  id: string,
): Promise<Selectable<Database[T]>> {
  const row = await findOwned(tx, table, owner, id, true);
  if (!row) throw new Error(`${table} ${id} vanished while locked`);
  return row;
}
