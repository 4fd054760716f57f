import { compiledOnce, type Db } from '@portico/db';
import { type RawBuilder, sql } from 'kysely';
import type { ShopperPrincipal } from '../../http/context.js';
import { heldOverview, holdOverview } from './overview-cache.js';

/** A timestamptz as JavaScript's `toISOString()` writes it (UTC, milliseconds, `Z`). */
const isoUtc = (column: string): RawBuilder<string> =>
  sql`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** `json_agg` of `object` over `from`, `[]` when it has no rows. */
const jsonList = (object: RawBuilder<unknown>, from: RawBuilder<unknown>): RawBuilder<unknown> =>
  sql`coalesce((select json_agg(${object}) ${from}), '[]'::json)`;

/**
 * The overview's JSON (all of `AccountOverview` but `permissions`) as text, written by
 * Postgres: the customer `customerId` of account `accountId` with their cards,
 * subscriptions, trials and open salvage transactions; null when there is no such customer.
 * Postgres already builds the nested lists as JSON; having it write the whole body spares
 * the server parsing that JSON, reshaping it and writing it out again.
 */
const overviewBody = (
  customerId: RawBuilder<unknown>,
  accountId: RawBuilder<unknown>,
): RawBuilder<string | null> => sql`(select json_build_object(
    'contact', json_build_object(
      'first_name', c.first_name, 'last_name', c.last_name, 'company', c.company,
      'email', c.email, 'phone', c.phone, 'bill_to', c.bill_to),
    'ship_to', c.ship_to,
    'cards', ${jsonList(
      sql`json_build_object('id', k.id, 'brand', k.brand, 'last4', k.last4,
        'exp_month', k.exp_month, 'exp_year', k.exp_year, 'is_default', k.is_default,
        'created_at', ${isoUtc('k.created_at')}) order by k.created_at, k.id`,
      sql`from customer_cards k where k.customer_id = c.id and k.removed_at is null`,
    )},
    'subscriptions', ${jsonList(
      sql`json_build_object('id', s.id, 'product_name', s.product_name,
        'amount', s.amount, 'currency', s.currency, 'interval', s.interval,
        'interval_count', s.interval_count, 'status', s.status,
        'next_renewal_at', ${isoUtc('s.next_renewal_at')}, 'ship_to', s.ship_to,
        'card_id', s.card_id) order by s.created_at, s.id`,
      sql`from subscriptions s where s.customer_id = c.id`,
    )},
    'trials', ${jsonList(
      sql`json_build_object('id', t.id, 'product_name', t.product_name,
        'expiration_amount', t.expiration_amount, 'currency', t.currency,
        'status', t.status, 'expires_at', ${isoUtc('t.expires_at')})
        order by t.created_at, t.id`,
      sql`from trials t where t.customer_id = c.id`,
    )},
    'salvage_transactions', ${jsonList(
      sql`json_build_object('id', v.id, 'source', v.source,
        'product_name', v.product_name, 'amount', v.amount, 'currency', v.currency,
        'status', v.status, 'created_at', ${isoUtc('v.created_at')})
        order by v.created_at, v.id`,
      sql`from salvage_transactions v
        where v.customer_id = c.id and v.status in ('pending', 'processing')`,
    )}
  )::text
  from customers c where c.id = ${customerId} and c.account_id = ${accountId})`;

/**
 * The overview's version (the sum of the customer's `customer_overview_changes` rows), as a
 * scalar subquery.
 */
export const overviewVersion = (customerId: RawBuilder<unknown>): RawBuilder<string> =>
  sql`(select coalesce(sum(o.changes), 0)::text from customer_overview_changes o
    where o.customer_id = ${customerId})`;

/** The overview body and its version, read in one statement (one snapshot), compiled once. */
const overviewQuery = compiledOnce(
  (db: Db, v: { customerId: string; accountId: string }, _shape: 'overview') =>
    db.selectNoFrom([
      overviewBody(sql.val(v.customerId), sql.val(v.accountId)).as('body'),
      overviewVersion(sql.val(v.customerId)).as('version'),
    ]),
);

/** Postgres's body with the portal's permissions as its last key: the response as sent. */
const withPermissions = (body: string, permissions: readonly string[]): string =>
  // The body is one JSON object: its closing brace gives way to the last key.
  `${body.slice(0, -1)},"permissions":${JSON.stringify(permissions)}}`;

/**
 * The account overview as its JSON text, ready to send: Postgres's body with the portal's
 * permissions appended, now held for the session with its version. Undefined when the
 * customer is not in the shopper's account.
 */
export async function loadOverviewJson(
  db: Db,
  shopper: ShopperPrincipal,
): Promise<string | undefined> {
  const [row] = await overviewQuery(
    db,
    { customerId: shopper.customerId, accountId: shopper.accountId },
    'overview',
  );
  if (!row?.body) return undefined;
  holdOverview(db, shopper.sessionId, row.version, row.body);
  return withPermissions(row.body, shopper.permissions);
}

/**
 * The account overview as its JSON text when the session check has read its `version`: the
 * body held for the session if Postgres wrote it at that version, else read afresh.
 */
export async function currentOverviewJson(
  db: Db,
  shopper: ShopperPrincipal,
  version: string,
): Promise<string | undefined> {
  const held = heldOverview(db, shopper.sessionId, version);
  if (held !== undefined) return withPermissions(held, shopper.permissions);
  return loadOverviewJson(db, shopper);
}
