import { assertTransaction, type Database, type Db, type Tx } from '@portico/db';
import type {
  CustomerTransaction,
  PageQuery,
  SalvageCreate,
  SalvageTransaction,
  Subscription,
  Trial,
} from '@portico/shared';
import type { Selectable } from 'kysely';
import { ApiError } from '../../http/api-error.js';
import { afterCursor, decodeCursor, iso } from '../../http/pagination.js';
import { addCustomerNote } from '../audit/audit.js';

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
  campaign_id: r.campaign_id,
  cancel_reason: r.cancel_reason,
  cancel_reason_label: r.cancel_reason_label,
  cancel_comment: r.cancel_comment,
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

const OPEN_SALVAGE = ['pending', 'processing'] as const;

/**
 * Records a failed renewal or trial expiration as a pending salvage transaction the shopper
 * can pay. The amount, currency and product come from the server's record of that
 * subscription or trial of this customer (422 when it is not theirs), never from a caller.
 * A failed renewal leaves the subscription as it is; a failed trial expiration fails the
 * trial. One open salvage per failure: the origin row is locked, so parallel requests queue.
 */
export async function openSalvageTransaction(
  tx: Tx,
  {
    accountId,
    customerId,
    input,
    now,
  }: {
    accountId: string;
    customerId: string;
    input: SalvageCreate;
    now: Date;
  },
): Promise<SalvageRow> {
  assertTransaction(tx);
  const origin =
    input.source === 'renewal'
      ? await tx
          .selectFrom('subscriptions')
          .select(['id', 'product_name', 'amount', 'currency', 'status'])
          .where('id', '=', input.subscription_id)
          .where('customer_id', '=', customerId)
          .where('account_id', '=', accountId)
          .forUpdate()
          .executeTakeFirst()
      : await tx
          .selectFrom('trials')
          .select(['id', 'product_name', 'expiration_amount as amount', 'currency', 'status'])
          .where('id', '=', input.trial_id)
          .where('customer_id', '=', customerId)
          .where('account_id', '=', accountId)
          .forUpdate()
          .executeTakeFirst();
  if (!origin) {
    throw input.source === 'renewal'
      ? new ApiError('subscription_not_found', 'subscription not found', {
          ids: [input.subscription_id],
        })
      : new ApiError('trial_not_found', 'trial not found', { ids: [input.trial_id] });
  }
  const allowed = input.source === 'renewal' ? ['active', 'suspended'] : ['active', 'failed'];
  if (!allowed.includes(origin.status)) {
    throw new ApiError(
      'invalid_state',
      `a ${origin.status} ${input.source === 'renewal' ? 'subscription' : 'trial'} cannot have a failed payment`,
    );
  }
  const open = await tx
    .selectFrom('salvage_transactions')
    .select('id')
    .where(input.source === 'renewal' ? 'subscription_id' : 'trial_id', '=', origin.id)
    .where('source', '=', input.source)
    .where('status', 'in', OPEN_SALVAGE)
    .executeTakeFirst();
  if (open) {
    throw new ApiError('invalid_state', 'an unpaid salvage transaction already exists', {
      salvage_transaction_id: open.id,
    });
  }
  const created = await tx
    .insertInto('salvage_transactions')
    .values({
      account_id: accountId,
      customer_id: customerId,
      source: input.source,
      subscription_id: input.source === 'renewal' ? origin.id : null,
      trial_id: input.source === 'trial_expiration' ? origin.id : null,
      product_name: origin.product_name,
      amount: origin.amount,
      currency: origin.currency,
      status: 'pending',
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (input.source === 'trial_expiration') {
    await tx
      .updateTable('trials')
      .set({ status: 'failed', updated_at: now })
      .where('id', '=', origin.id)
      .execute();
  }
  await addCustomerNote(tx, {
    accountId,
    customerId,
    source: 'admin',
    body:
      input.source === 'renewal'
        ? `Renewal of ${origin.product_name} failed; payment due (recorded by merchant)`
        : `Trial expiration of ${origin.product_name} failed; payment due (recorded by merchant)`,
  });
  return created;
}
