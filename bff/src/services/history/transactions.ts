import type { Db } from '@portico/db';
import type { ShopperTransaction, TransactionListQuery, TransactionPage } from '@portico/shared';
import { sql } from 'kysely';
import { afterCursor, decodeCursor, toPage } from '../../http/pagination.js';
import type { Owner } from '../ownership/owned.js';

/**
 * The customer's charges with what each paid for (the subscription, trial or failed
 * payment it settled) and the card's display facts. The card may have been removed since:
 * history still names it. Scoped to the owner, so another customer's rows never appear.
 */
function historyQuery(db: Db, owner: Owner) {
  return db
    .selectFrom('transactions')
    .leftJoin('subscriptions as s', (j) =>
      j
        .onRef('s.id', '=', 'transactions.subscription_id')
        .onRef('s.customer_id', '=', 'transactions.customer_id'),
    )
    .leftJoin('trials as tr', (j) =>
      j
        .onRef('tr.id', '=', 'transactions.trial_id')
        .onRef('tr.customer_id', '=', 'transactions.customer_id'),
    )
    .leftJoin('salvage_transactions as sv', (j) =>
      j
        .onRef('sv.id', '=', 'transactions.salvage_transaction_id')
        .onRef('sv.customer_id', '=', 'transactions.customer_id'),
    )
    .leftJoin('customer_cards as k', (j) =>
      j
        .onRef('k.id', '=', 'transactions.card_id')
        .onRef('k.customer_id', '=', 'transactions.customer_id'),
    )
    .select([
      'transactions.id',
      'transactions.created_at',
      'transactions.kind',
      'transactions.status',
      'transactions.amount',
      'transactions.currency',
      'transactions.portal_id',
      'k.brand',
      'k.last4',
    ])
    .select(
      sql<string | null>`coalesce(sv.product_name, s.product_name, tr.product_name)`.as(
        'product_name',
      ),
    )
    .where('transactions.account_id', '=', owner.accountId)
    .where('transactions.customer_id', '=', owner.customerId);
}

type HistoryRow = Awaited<ReturnType<ReturnType<typeof historyQuery>['executeTakeFirstOrThrow']>>;

const toShopperTransaction = (r: HistoryRow): ShopperTransaction => ({
  id: r.id,
  created_at: r.created_at.toISOString(),
  kind: r.kind,
  status: r.status,
  amount: r.amount,
  currency: r.currency,
  product_name: r.product_name,
  card: r.brand && r.last4 ? { brand: r.brand, last4: r.last4 } : null,
  receipt_available: r.status === 'succeeded' && r.kind !== 'refund',
});

/** A page of the customer's transactions, newest first, by (created_at, id) keyset. */
export async function listTransactions(
  db: Db,
  owner: Owner,
  query: TransactionListQuery,
): Promise<TransactionPage> {
  const rows = await afterCursor(
    historyQuery(db, owner),
    decodeCursor(query.cursor),
    'transactions',
    'desc',
  )
    .orderBy('transactions.created_at', 'desc')
    .orderBy('transactions.id', 'desc')
    .limit(query.limit + 1)
    .execute();
  return toPage(rows, query.limit, toShopperTransaction);
}

export interface ReceiptFacts {
  transactionId: string;
  createdAt: Date;
  amount: number;
  currency: string;
  productName: string | null;
  kind: ShopperTransaction['kind'];
  cardBrand: string | null;
  cardLast4: string | null;
  merchantName: string;
}

/** A succeeded charge of this customer, or undefined (the caller answers 404). */
export async function findReceipt(
  db: Db,
  owner: Owner,
  id: string,
): Promise<ReceiptFacts | undefined> {
  const row = await historyQuery(db, owner)
    .innerJoin('accounts as a', 'a.id', 'transactions.account_id')
    .select('a.name as merchant_name')
    .where('transactions.id', '=', id)
    .where('transactions.status', '=', 'succeeded')
    .where('transactions.kind', '!=', 'refund')
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    transactionId: row.id,
    createdAt: row.created_at,
    amount: row.amount,
    currency: row.currency,
    productName: row.product_name,
    kind: row.kind,
    cardBrand: row.brand,
    cardLast4: row.last4,
    merchantName: row.merchant_name,
  };
}
