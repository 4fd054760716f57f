import { compiledOnce, type Db } from '@portico/db';
import type { AccountOverview, Address } from '@portico/shared';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { ShopperPrincipal } from '../../http/context.js';

/** Timestamps inside json_agg come back as strings in Postgres's format; normalise to ISO. */
const iso = (v: string | Date | null): string | null =>
  v === null ? null : new Date(v).toISOString();

/**
 * Everything the widget shows, in one query (compiled once): the customer row with its
 * cards, subscriptions, trials and open salvage transactions as JSON arrays.
 */
const overviewQuery = compiledOnce(
  (db: Db, v: { customerId: string; accountId: string }, _shape: 'overview') =>
    db
      .selectFrom('customers as c')
      .select((eb) => [
        'c.first_name',
        'c.last_name',
        'c.company',
        'c.email',
        'c.phone',
        'c.bill_to',
        'c.ship_to',
        jsonArrayFrom(
          eb
            .selectFrom('customer_cards as k')
            .select([
              'k.id',
              'k.brand',
              'k.last4',
              'k.exp_month',
              'k.exp_year',
              'k.is_default',
              'k.created_at',
            ])
            .whereRef('k.customer_id', '=', 'c.id')
            .where('k.removed_at', 'is', null)
            .orderBy('k.created_at')
            .orderBy('k.id'),
        ).as('cards'),
        jsonArrayFrom(
          eb
            .selectFrom('subscriptions as s')
            .select([
              's.id',
              's.product_name',
              's.amount',
              's.currency',
              's.interval',
              's.interval_count',
              's.status',
              's.next_renewal_at',
              's.ship_to',
              's.card_id',
            ])
            .whereRef('s.customer_id', '=', 'c.id')
            .orderBy('s.created_at')
            .orderBy('s.id'),
        ).as('subscriptions'),
        jsonArrayFrom(
          eb
            .selectFrom('trials as t')
            .select([
              't.id',
              't.product_name',
              't.expiration_amount',
              't.currency',
              't.status',
              't.expires_at',
            ])
            .whereRef('t.customer_id', '=', 'c.id')
            .orderBy('t.created_at')
            .orderBy('t.id'),
        ).as('trials'),
        jsonArrayFrom(
          eb
            .selectFrom('salvage_transactions as v')
            .select([
              'v.id',
              'v.source',
              'v.product_name',
              'v.amount',
              'v.currency',
              'v.status',
              'v.created_at',
            ])
            .whereRef('v.customer_id', '=', 'c.id')
            .where('v.status', 'in', ['pending', 'processing'])
            .orderBy('v.created_at')
            .orderBy('v.id'),
        ).as('salvage'),
      ])
      .where('c.id', '=', v.customerId)
      .where('c.account_id', '=', v.accountId),
);

export async function loadOverview(
  db: Db,
  shopper: ShopperPrincipal,
): Promise<AccountOverview | undefined> {
  const [row] = await overviewQuery(
    db,
    { customerId: shopper.customerId, accountId: shopper.accountId },
    'overview',
  );
  if (!row) return undefined;
  return {
    contact: {
      first_name: row.first_name,
      last_name: row.last_name,
      company: row.company,
      email: row.email,
      phone: row.phone,
      bill_to: row.bill_to,
    },
    ship_to: row.ship_to,
    cards: row.cards.map((k) => ({ ...k, created_at: iso(k.created_at) as string })),
    subscriptions: row.subscriptions.map((s) => ({
      ...s,
      next_renewal_at: iso(s.next_renewal_at),
      ship_to: s.ship_to as Address | null,
    })),
    trials: row.trials.map((t) => ({ ...t, expires_at: iso(t.expires_at) as string })),
    salvage_transactions: row.salvage.map((v) => ({
      ...v,
      created_at: iso(v.created_at) as string,
    })),
    permissions: shopper.permissions,
  };
}
