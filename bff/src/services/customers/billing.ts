import type { Database, Db, Tx } from '@portico/db';
import type {
  CustomerTransaction,
  PageQuery,
  SalvageTransaction,
  Subscription,
  Trial,
} from '@portico/shared';
import type { Selectable } from 'kysely';
import { afterCursor, decodeCursor, iso } from '../../http/pagination.js';

export type SubscriptionRow = Selectable<Database['subscriptions']>;
export type TrialRow = Selectable<Database['trials']>;
export type SalvageRow = Selectable<Database['salvage_transactions']>;
export type TransactionRow = Selectable<Database['transactions']>;

export const toSubscription = (r: SubscriptionRow): Subscription => ({
  id: r.id,
  customer_id: r.customer_id,
  product_name: r.product_name,
  amount: r.amount,
  currency: r.currency,
  interval: r.interval,
  interval_count: r.interval_count,
  status: r.status,
  next_renewal_at: iso(r.next_renewal_at),
  ship_to: r.ship_to,
  card_id: r.card_id,
  cancel_reason: r.cancel_reason,
  created_at: r.created_at.toISOString(),
  updated_at: r.updated_at.toISOString(),
});

export const toTrial = (r: TrialRow): Trial => ({
  id: r.id,
  customer_id: r.customer_id,
  product_name: r.product_name,
  expiration_amount: r.expiration_amount,
  currency: r.currency,
  status: r.status,
  expires_at: r.expires_at.toISOString(),
  subscription_id: r.subscription_id,
  created_at: r.created_at.toISOString(),
  updated_at: r.updated_at.toISOString(),
});

export const toSalvageTransaction = (r: SalvageRow): SalvageTransaction => ({
  id: r.id,
  customer_id: r.customer_id,
  source: r.source,
  subscription_id: r.subscription_id,
  trial_id: r.trial_id,
  product_name: r.product_name,
  amount: r.amount,
  currency: r.currency,
  status: r.status,
  paid_at: iso(r.paid_at),
  created_at: r.created_at.toISOString(),
});

export const toCustomerTransaction = (r: TransactionRow): CustomerTransaction => ({
  id: r.id,
  customer_id: r.customer_id,
  kind: r.kind,
  status: r.status,
  amount: r.amount,
  currency: r.currency,
  card_id: r.card_id,
  subscription_id: r.subscription_id,
  trial_id: r.trial_id,
  salvage_transaction_id: r.salvage_transaction_id,
  portal_id: r.portal_id,
  decline_code: r.decline_code,
  decline_message: r.decline_message,
  created_at: r.created_at.toISOString(),
});

/** The billing tables a merchant lists per customer, all keyed by customer and created_at. */
export interface CustomerBillingRows {
  subscriptions: SubscriptionRow;
  trials: TrialRow;
  salvage_transactions: SalvageRow;
  transactions: TransactionRow;
}
export type CustomerBillingTable = keyof CustomerBillingRows;

/** One page (limit+1 rows) of a customer's rows in (created_at, id) order. */
export async function pageForCustomer<T extends CustomerBillingTable>(
  db: Db | Tx,
  table: T,
  accountId: string,
  customerId: string,
  query: PageQuery,
): Promise<CustomerBillingRows[T][]> {
  // The union of tables defeats Kysely's column inference; every one has these columns.
  const qb = (db as Db)
    .selectFrom(table as 'subscriptions')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('customer_id', '=', customerId);
  const rows = await afterCursor(qb, decodeCursor(query.cursor), table)
    .orderBy('created_at')
    .orderBy('id')
    .limit(query.limit + 1)
    .execute();
  return rows as unknown as CustomerBillingRows[T][];
}
