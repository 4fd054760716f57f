import type { Database, Db, Tx } from '@portico/db';
import { type ExpressionBuilder, sql } from 'kysely';

export interface PortalFilters {
  accountId: string;
  campaignIds: string[];
  shopIds: string[];
}

/**
 * The portal's filters as one SQL condition on `customers`: campaign ids → linked to at
 * least one; shop ids → at least one; both → both hold; none → every customer. Enabled only.
 * Each id list is one array parameter (`= any`), so the SQL's form depends only on which
 * lists are empty (see `compiledOnce`).
 */
export function eligibleCustomer(eb: ExpressionBuilder<Database, 'customers'>, f: PortalFilters) {
  const conds = [
    eb('customers.account_id', '=', f.accountId),
    eb('customers.status', '=', 'enabled'),
  ];
  if (f.campaignIds.length > 0) {
    conds.push(
      eb.exists(
        eb
          .selectFrom('customer_campaigns')
          .select(sql.lit(1).as('one'))
          .whereRef('customer_campaigns.customer_id', '=', 'customers.id')
          .where('customer_campaigns.campaign_id', '=', eb.fn.any(eb.val(f.campaignIds))),
      ),
    );
  }
  if (f.shopIds.length > 0) {
    conds.push(
      eb.exists(
        eb
          .selectFrom('customer_shops')
          .select(sql.lit(1).as('one'))
          .whereRef('customer_shops.customer_id', '=', 'customers.id')
          .where('customer_shops.shop_id', '=', eb.fn.any(eb.val(f.shopIds))),
      ),
    );
  }
  return eb.and(conds);
}

export interface EligibleCustomer {
  id: string;
  email: string;
  first_name: string | null;
}

/** The account's customer with this email, if the portal admits them right now. */
export async function findEligibleByEmail(
  db: Db | Tx,
  f: PortalFilters,
  email: string,
): Promise<EligibleCustomer | undefined> {
  return db
    .selectFrom('customers')
    .select(['id', 'email', 'first_name'])
    .where(sql<boolean>`lower(customers.email) = ${email.toLowerCase()}`)
    .where((eb) => eligibleCustomer(eb, f))
    .executeTakeFirst();
}

/** Whether the portal still admits this customer (checked on every shopper request). */
export async function findEligibleById(
  db: Db | Tx,
  f: PortalFilters,
  customerId: string,
): Promise<EligibleCustomer | undefined> {
  return db
    .selectFrom('customers')
    .select(['id', 'email', 'first_name'])
    .where('customers.id', '=', customerId)
    .where((eb) => eligibleCustomer(eb, f))
    .executeTakeFirst();
}
