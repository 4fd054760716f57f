import { type Database, type Db, PLAN_FOR_VALUES, type Tx } from '@portico/db';
import {
  type Customer,
  type CustomerListQuery,
  type CustomerStatus,
  type ErrorCode,
  SEARCH_LIMIT_DEFAULT,
  SEARCH_LIMIT_MAX,
} from '@portico/shared';
import { type QueryResult, type Selectable, sql } from 'kysely';
import { ApiError, notFound } from '../../http/api-error.js';
import { afterCursor, decodeCursor } from '../../http/pagination.js';

export type CustomerRow = Selectable<Database['customers']>;

export interface CustomerLinks {
  campaign_ids: string[];
  shop_ids: string[];
  group_ids: string[];
}

export const MAX_METADATA_KEYS = 50;

export function toCustomer(r: CustomerRow, links: CustomerLinks): Customer {
  return {
    id: r.id,
    first_name: r.first_name,
    last_name: r.last_name,
    company: r.company,
    email: r.email,
    phone: r.phone,
    bill_to: r.bill_to,
    ship_to: r.ship_to,
    internal_id: r.internal_id,
    external_id: r.external_id,
    status: r.status,
    campaign_ids: links.campaign_ids,
    shop_ids: links.shop_ids,
    group_ids: links.group_ids,
    metadata: r.metadata,
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
  };
}

/** The customer row of this account, or the same 404 whether it is unknown or foreign. */
export async function requireCustomer(
  db: Db | Tx,
  accountId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<CustomerRow> {
  let qb = db
    .selectFrom('customers')
    .selectAll()
    .where('id', '=', id)
    .where('account_id', '=', accountId);
  if (opts.forUpdate) qb = qb.forUpdate();
  const row = await qb.executeTakeFirst();
  if (!row) throw notFound('customer');
  return row;
}

/** Campaign, shop and group ids of many customers in three queries, not three per customer. */
export async function loadLinks(
  db: Db | Tx,
  customerIds: string[],
): Promise<Map<string, CustomerLinks>> {
  const links = new Map<string, CustomerLinks>(
    customerIds.map((id) => [id, { campaign_ids: [], shop_ids: [], group_ids: [] }]),
  );
  if (customerIds.length === 0) return links;
  const [campaigns, shops, groups] = await Promise.all([
    db
      .selectFrom('customer_campaigns')
      .select(['customer_id', 'campaign_id as ref'])
      .where('customer_id', 'in', customerIds)
      .orderBy('campaign_id')
      .execute(),
    db
      .selectFrom('customer_shops')
      .select(['customer_id', 'shop_id as ref'])
      .where('customer_id', 'in', customerIds)
      .orderBy('shop_id')
      .execute(),
    db
      .selectFrom('customer_group_members')
      .select(['customer_id', 'group_id as ref'])
      .where('customer_id', 'in', customerIds)
      .orderBy('group_id')
      .execute(),
  ]);
  const add = (rows: { customer_id: string; ref: string }[], key: keyof CustomerLinks) => {
    for (const r of rows) links.get(r.customer_id)?.[key].push(r.ref);
  };
  add(campaigns, 'campaign_ids');
  add(shops, 'shop_ids');
  add(groups, 'group_ids');
  return links;
}

export async function toCustomers(db: Db | Tx, rows: CustomerRow[]): Promise<Customer[]> {
  const links = await loadLinks(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toCustomer(r, links.get(r.id) as CustomerLinks));
}

export async function getCustomer(db: Db | Tx, accountId: string, id: string): Promise<Customer> {
  const [customer] = await toCustomers(db, [await requireCustomer(db, accountId, id)]);
  return customer as Customer;
}

const ACCOUNT_TABLES = { campaigns: 'campaign', shops: 'shop', customer_groups: 'group' } as const;
type AccountTable = keyof typeof ACCOUNT_TABLES;

/**
 * Ids a request names must exist in the caller's account; another account's id is treated
 * exactly like an unknown one (422 with the missing ids).
 */
export async function assertInAccount(
  db: Db | Tx,
  table: AccountTable,
  accountId: string,
  ids: readonly string[],
  code: ErrorCode,
  /** The request field the ids came from, named in the error when several could be at fault. */
  field?: string,
): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return unique;
  const found = await db
    .selectFrom(table)
    .select('id')
    .where('account_id', '=', accountId)
    .where('id', 'in', unique)
    .execute();
  const known = new Set(found.map((r) => r.id));
  const missing = unique.filter((id) => !known.has(id));
  if (missing.length > 0) {
    throw new ApiError(code, `${ACCOUNT_TABLES[table]} not found`, {
      ...(field ? { field } : {}),
      ids: missing,
    });
  }
  return unique;
}

const LINKS = {
  campaign_ids: {
    table: 'campaigns',
    join: 'customer_campaigns',
    column: 'campaign_id',
    code: 'campaign_not_found',
  },
  shop_ids: { table: 'shops', join: 'customer_shops', column: 'shop_id', code: 'shop_not_found' },
} as const;

/**
 * Sets the customer's campaign and shop links: each list given replaces the stored one, a
 * list left out keeps it. Every id must belong to the account (422 otherwise).
 */
export async function setLinks(
  tx: Tx,
  accountId: string,
  customerId: string,
  lists: { campaign_ids?: string[] | undefined; shop_ids?: string[] | undefined },
): Promise<void> {
  for (const key of ['campaign_ids', 'shop_ids'] as const) {
    const ids = lists[key];
    if (!ids) continue;
    const link = LINKS[key];
    const unique = await assertInAccount(tx, link.table, accountId, ids, link.code);
    await tx.deleteFrom(link.join).where('customer_id', '=', customerId).execute();
    if (unique.length === 0) continue;
    await sql`insert into ${sql.table(link.join)} (customer_id, ${sql.ref(link.column)}, account_id)
      select ${customerId}, ref, ${accountId} from unnest(${unique}::uuid[]) as ref`.execute(tx);
  }
}

/** Merges a metadata patch: keys overwrite, a null value deletes the key. */
export function mergeMetadata(
  current: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  // A Map, not an object, so a key named `__proto__` is just a key.
  const merged = new Map(Object.entries(current));
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) merged.delete(key);
    else merged.set(key, value);
  }
  if (merged.size > MAX_METADATA_KEYS) {
    throw new ApiError('validation_failed', 'the json is not valid', {
      issues: [{ path: 'metadata', message: `at most ${MAX_METADATA_KEYS} metadata keys` }],
    });
  }
  return Object.fromEntries(merged);
}

/** A unique-index violation on the account's case-insensitive email index. */
export function isEmailTaken(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  return (
    e?.code === '23505' &&
    (e.constraint === 'customers_account_email' ||
      (e.message ?? '').includes('customers_account_email'))
  );
}

export const emailTaken = () =>
  new ApiError('email_taken', 'another customer of this account has that email');

export async function listCustomers(
  db: Db,
  accountId: string,
  query: CustomerListQuery,
): Promise<CustomerRow[]> {
  let qb = db.selectFrom('customers').selectAll().where('account_id', '=', accountId);
  if (query.status) qb = qb.where('status', '=', query.status);
  for (const [filter, link] of [
    [query.campaign_id, LINKS.campaign_ids],
    [query.shop_id, LINKS.shop_ids],
  ] as const) {
    if (!filter) continue;
    qb = qb.where(
      sql<boolean>`exists (select 1 from ${sql.table(link.join)} l
        where l.customer_id = customers.id and ${sql.ref(`l.${link.column}`)} = ${filter})`,
    );
  }
  return afterCursor(qb, decodeCursor(query.cursor), 'customers')
    .orderBy('created_at')
    .orderBy('id')
    .limit(query.limit + 1)
    .execute();
}

/** Escapes LIKE wildcards so a search for `50%` or `a_b` matches those characters literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/**
 * The values a search looks at the start of, each exactly its b-tree index expression
 * (migration 2026-11-25-0700-customer-search-prefix).
 */
const PREFIXES = [
  sql`lower(email) collate "C"`,
  sql`lower(coalesce(phone, '')) collate "C"`,
  sql`lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '')) collate "C"`,
  sql`lower(coalesce(last_name, '')) collate "C"`,
  sql`lower(coalesce(internal_id, '')) collate "C"`,
] as const;

/** Joins the searched values; a query without it cannot match across two of them. */
const SEPARATOR = '\u001f';

/**
 * Email, "first last", phone and internal id, lower-cased and joined by SEPARATOR: exactly
 * the expression of the trigram index `customers_search_document` (migration
 * 2026-11-25-0800-customer-search-document), so Postgres answers `like` on it from there.
 */
const DOCUMENT = sql`lower(email || E'\\x1f' || coalesce(first_name, '') || ' ' || coalesce(last_name, '') || E'\\x1f' || coalesce(phone, '') || E'\\x1f' || coalesce(internal_id, ''))`;

/**
 * At most this many inside-the-value matches are collected and ordered. A query that
 * matches more (say "example.com") is not a search but a listing: it gets the first
 * `limit` of the first SUBSTRING_CAP found, by created_at, and the caller should refine it.
 */
export const SUBSTRING_CAP = 1000;

/** Share of customers, per trigram, from ANALYZE's statistics on the search document. */
export type TrigramFrequencies = ReadonlyMap<string, number>;

/** Trigrams in fewer than this share of customers may lead the index scan. */
const RARE_TRIGRAM = 0.02;
/** Each condition costs planning time (about 0.3 ms); four were enough in every case tried. */
const MAX_LEADING_TRIGRAMS = 4;

/**
 * The rare three-letter pieces of `q`, rarest first, for the index scan to intersect before
 * it looks at the whole query; none when fewer than two are rare or nothing is known.
 *
 * Why: GIN answers `like '%q%'` by walking the rarest trigram of q and, for each customer in
 * it, looking each other trigram up. In "ustomer98765" the rarest, "765", is in 5,000 of
 * 1,000,000 customers and "ust" in all of them, so the scan decoded every posting list in
 * full (1,700 pages, 25–60 ms). Given as separate conditions, rare ones first, the index
 * leapfrogs the short lists and checks the long ones for the few customers left (140 pages,
 * 1–3 ms). Only ASCII letters and digits are taken: each is one pg_trgm trigram, and
 * Postgres lower-cases them in any collation as it does inside the whole query.
 */
export function leadingTrigrams(q: string, frequencies: TrigramFrequencies): string[] {
  if (frequencies.size === 0) return [];
  const found = new Map<string, { piece: string; frequency: number }>();
  for (let i = 0; i + 3 <= q.length; i++) {
    const piece = q.slice(i, i + 3);
    if (!/^[A-Za-z0-9]{3}$/.test(piece)) continue;
    const trigram = piece.toLowerCase();
    if (found.has(trigram)) continue;
    // A trigram missing from the statistics is rarer than every one listed.
    found.set(trigram, { piece, frequency: frequencies.get(trigram) ?? 0 });
  }
  const rare = [...found.values()].filter((t) => t.frequency < RARE_TRIGRAM);
  if (rare.length < 2) return [];
  return rare
    .sort((a, b) => a.frequency - b.frequency)
    .slice(0, MAX_LEADING_TRIGRAMS)
    .map((t) => t.piece);
}

/**
 * The most customers, newest first, the inside step looks at directly before it turns to the
 * trigram index (see commonTrigramsOnly). At 1,000,000 customers a row costs ~1 µs here, so
 * a walk that finds too few matches adds ~2.5 ms to the index scan it falls back to.
 */
export const WALK_ROWS = 2500;

/**
 * Whether `q` has no rare piece: every three-letter piece of ASCII letters and digits is in
 * at least RARE_TRIGRAM of the customers (a piece missing from the statistics is rare), or it
 * has none. Such a query is no narrow search for the index: for "0004" its two trigrams are
 * each in ~11% of 1,000,000 customers and the index intersected ~216,000 entries (7–10 ms)
 * to find 11,345 matches. When matches are that dense, reading the newest customers and
 * testing each finds a page of them in a few hundred rows. False without statistics.
 */
export function commonTrigramsOnly(q: string, frequencies: TrigramFrequencies): boolean {
  if (frequencies.size === 0) return false;
  for (let i = 0; i + 3 <= q.length; i++) {
    const piece = q.slice(i, i + 3);
    if (!/^[A-Za-z0-9]{3}$/.test(piece)) continue;
    if ((frequencies.get(piece.toLowerCase()) ?? 0) < RARE_TRIGRAM) return false;
  }
  return true;
}

/**
 * The four-digit pieces of `q` the document must hold: every 4-gram of each run of four or
 * more ASCII digits, each once, sorted. Exactly what `customer_search_digit_grams()` takes from
 * the document (migration 2026-12-07-0200-customer-search-digit-grams), so a document that
 * contains `q` holds all of them; empty when `q` has no such run.
 *
 * Why: a digits query whose trigrams are all common but whose matches are few ("5555": "555"
 * is in every phone, 324 of 1,000,000 customers contain "5555") made the trigram index return
 * every customer for recheck (1.5–2 s). The digit index answers from the lists of these pieces.
 */
export function digitGrams(q: string): string[] {
  const grams = new Set<string>();
  for (const run of q.match(/[0-9]{4,}/g) ?? []) {
    for (let i = 0; i + 4 <= run.length; i++) grams.add(run.slice(i, i + 4));
  }
  return [...grams].sort();
}

/**
 * The common trigrams of the search document with their share of customers (all accounts:
 * the index is not per account), through `customer_search_trigram_frequencies()`. Empty
 * until the table has been analyzed; missing trigrams are rarer than every one listed.
 */
export async function readTrigramFrequencies(db: Db): Promise<TrigramFrequencies> {
  const { rows } = await sql<{ trigram: string; frequency: number }>`
    select trigram, frequency from customer_search_trigram_frequencies()`.execute(db);
  return new Map(rows.map((r) => [r.trigram, Number(r.frequency)] as const));
}

const FREQUENCIES_TTL_MS = 10 * 60_000;
const frequencyCache = new WeakMap<Db, { at: number; frequencies: Promise<TrigramFrequencies> }>();

/**
 * readTrigramFrequencies, kept per database for ten minutes (they change with ANALYZE, and
 * only the plan depends on them). A stale copy answers while the next one loads, so only a
 * process's first search waits for them.
 */
function trigramFrequencies(db: Db): Promise<TrigramFrequencies> {
  const now = performance.now();
  const cached = frequencyCache.get(db);
  if (cached && now - cached.at < FREQUENCIES_TTL_MS) return cached.frequencies;
  // Without them a search is slower, never wrong.
  const loading = readTrigramFrequencies(db).catch(() => new Map<string, number>());
  frequencyCache.set(db, { at: now, frequencies: loading });
  return cached ? cached.frequencies : loading;
}

/** Both steps in one statement, or one of them alone. */
export type SearchSteps = 'both' | 'prefix' | 'inside';

/** How searchCustomersQuery shapes its statement (each described there); all optional. */
export interface SearchShape {
  leading?: readonly string[];
  steps?: SearchSteps;
  walk?: boolean;
  digits?: readonly string[];
}

/**
 * SearchCustomers in one statement. First the customers with a value that starts with `q`
 * (email, phone, "first last", last name, internal id), by that value: one b-tree range scan
 * per value, each stopping after `limit` rows. Only when there are none, the customers whose
 * search document contains `q`, by created_at: the matches (at most SUBSTRING_CAP, from the
 * trigram index or, for a query that matches a large share, a scan from the table's first
 * page) are collected first and ordered after, so no plan walks the account in created_at
 * order hoping to meet matches early (at 1,000,000 customers that walk took seconds when the
 * matches were all old ones). The inside step costs more and grows with the table, so it is
 * the fallback; its `not exists` is a one-time filter, so it does not run at all when a
 * value starts with `q`. `leading` (see leadingTrigrams) only steers the index scan. `walk`
 * (see commonTrigramsOnly) first tests the newest WALK_ROWS customers one by one and, when
 * `fetch` of them match, lists those instead: the newest matches, still by created_at.
 * `digits` (see digitGrams) takes the inside step's matches from the index of the document's
 * four-digit pieces instead of the trigram index, each confirmed by the same `like`.
 *
 * With rare trigrams leading, the statement runs prepared like any hot one: the index is the
 * right way in whatever the values. Without them (every trigram of `q` common, or no
 * statistics yet), it is planned for its values on every run (PLAN_FOR_VALUES): only then can
 * the planner tell "example.com" (most customers match: a scan from the first page, 5 ms at
 * 1,000,000 customers) from "0004" (12,000 match: the index). A generic plan took the index
 * for both, and for "example.com" read the posting lists of every customer (1.1 s).
 */
export function searchCustomersQuery(
  accountId: string,
  q: string,
  limit: number,
  { leading = [], steps = 'both', walk = false, digits = [] }: SearchShape = {},
) {
  const escaped = escapeLike(q);
  // The inner limits are written into the SQL: a generic plan takes a bound limit to fetch a
  // tenth of the rows, which priced it above the custom plans (planned again for every
  // search, 1.5–7 ms at 1,000,000 customers). Rounded up to one of two values so that few
  // statement texts exist (each is prepared per connection); the last limit is exact.
  const fetch = limit <= SEARCH_LIMIT_DEFAULT ? SEARCH_LIMIT_DEFAULT : SEARCH_LIMIT_MAX;
  // A range, not `like lower(q) || '%'`: Postgres turns `like` into an index range only
  // when it plans with the pattern's value, and this statement runs prepared (auto-prepare),
  // where after five runs the plan is generic. A generic plan of `like` walked each index
  // through the whole account (40–70 ms at 10,000 customers). Bounds are index keys in any
  // plan, so the prepared statement needs no planning per search. In "C" order the values
  // starting with p are exactly those in [p, p || U+10FFFF) except values that continue
  // with U+10FFFF (a noncharacter) right after p.
  const starts = PREFIXES.map(
    (value) => sql`(select id, ${value} as k from customers
      where account_id = ${accountId}
        and ${value} >= lower(${q}) collate "C"
        and ${value} < (lower(${q}) || chr(1114111)) collate "C"
      order by ${value} limit ${sql.lit(fetch)})`,
  );
  const pattern = sql`'%' || lower(${escaped}) || '%'`;
  const inside = [
    sql`account_id = ${accountId}`,
    // In this order: the index intersects its conditions in the order they are written.
    ...leading.map((piece) => sql`${DOCUMENT} like '%' || lower(${piece}) || '%'`),
    sql`${DOCUMENT} like ${pattern}`,
  ];
  if (q.includes(SEPARATOR)) {
    // Only such a query could match across two values in the document: check each value.
    inside.push(sql`(lower(email) like ${pattern}
      or lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '')) like ${pattern}
      or lower(phone) like ${pattern} or lower(internal_id) like ${pattern})`);
  }
  const prefixStep = sql`starts as (${sql.join(starts, sql` union all `)}),
    prefixed as materialized (
      select id, min(k) as k from starts group by id order by min(k), id limit ${sql.lit(fetch)})`;
  // `contained` is ordered and cut to `fetch` before the rows are read: a join of every
  // match cost more than finding them.
  const onlyIfNoPrefix = steps === 'both' ? sql` and not exists (select from prefixed)` : sql``;
  const matchedWhere = walk ? sql` and (select count(*) from walked) < ${sql.lit(fetch)}` : sql``;
  // With `digits` (see digitGrams) the candidates come from the digit index alone: the
  // `offset 0` keeps the `like` out of the inner scan, so the planner cannot take the trigram
  // index for it (it prices `like '%5555%'` at 100 rows, unaware that "555" is everywhere),
  // and the `like` confirms each candidate as it comes, stopping at SUBSTRING_CAP.
  const matched =
    digits.length > 0
      ? sql`matched as materialized (
      select id, created_at from (
        select id, created_at, email, first_name, last_name, phone, internal_id from customers
        where account_id = ${accountId}
          and customer_search_digit_grams(${DOCUMENT}) @> array[${sql.join(digits)}]::text[]${onlyIfNoPrefix}${matchedWhere}
        offset 0) candidates
      where ${sql.join(inside.slice(1), sql` and `)}
      limit ${sql.lit(SUBSTRING_CAP)})`
      : sql`matched as materialized (
      select id, created_at from customers
      where ${sql.join(inside, sql` and `)}${onlyIfNoPrefix}${matchedWhere}
      limit ${sql.lit(SUBSTRING_CAP)})`;
  const ordered = sql`select id, created_at from matched order by created_at, id limit ${sql.lit(fetch)}`;
  // The walk (see commonTrigramsOnly): the newest WALK_ROWS customers, read backwards along
  // customers_account_order and tested one by one, stopping at `fetch` matches. The test sits
  // outside the limited subquery, so it can only drop rows, never lengthen the walk. When
  // fewer than `fetch` of them match, the index collects the matches as without the walk;
  // both `count(*)` conditions are one-time filters, so only one of the two scans runs.
  const walked = sql`walked as materialized (
      select id, created_at from (
        select id, created_at, email, first_name, last_name, phone, internal_id from customers
        where account_id = ${accountId}
        order by created_at desc, id desc
        limit ${sql.lit(WALK_ROWS)}) newest
      where ${sql.join(inside.slice(1), sql` and `)}${onlyIfNoPrefix}
      order by created_at desc, id desc
      limit ${sql.lit(fetch)})`;
  const insideStep = walk
    ? sql`${walked}, ${matched},
    contained as (
      select id, created_at from walked where (select count(*) from walked) = ${sql.lit(fetch)}
      union all
      (${ordered}))`
    : sql`${matched}, contained as (${ordered})`;
  const fromPrefix = sql`select id, k, null::timestamptz as created_at from prefixed`;
  const fromInside = sql`select id, null::text collate "C" as k, created_at from contained`;
  const [ctes, found] =
    steps === 'prefix'
      ? [prefixStep, fromPrefix]
      : steps === 'inside'
        ? [insideStep, fromInside]
        : [sql`${prefixStep}, ${insideStep}`, sql`${fromPrefix} union all ${fromInside}`];
  const planning = steps !== 'prefix' && leading.length === 0 ? sql.raw(PLAN_FOR_VALUES) : sql``;
  return sql<CustomerRow & CustomerLinks>`${planning}
    with ${ctes},
    found as (${found})
    select c.*,
      array(select l.campaign_id from customer_campaigns l
        where l.customer_id = c.id order by l.campaign_id) as campaign_ids,
      array(select l.shop_id from customer_shops l
        where l.customer_id = c.id order by l.shop_id) as shop_ids,
      array(select l.group_id from customer_group_members l
        where l.customer_id = c.id order by l.group_id) as group_ids
    from found join customers c on c.id = found.id
    order by found.k, found.created_at, found.id
    limit ${limit}`;
}

/**
 * Runs `query` on the generic plan of its prepared statement, in a transaction of its own
 * (`set_config(…, true)` lasts until it ends). Postgres chooses between a generic plan and one
 * made for the values by their estimated costs; for the search led by rare trigrams it kept
 * planning afresh at 1,000,000 customers, 2–8 ms a search on a busy machine, where the
 * generic plan is as fast. The three round trips this adds cost less: HTTP p50 at 1M went
 * 7.0–10.0 → 5.6–7.5 ms in alternating runs.
 */
export async function withGenericPlan<Row>(
  db: Db,
  query: { execute(db: Db | Tx): Promise<QueryResult<Row>> },
): Promise<QueryResult<Row>> {
  return db.transaction().execute(async (tx) => {
    await sql`select set_config('plan_cache_mode', 'force_generic_plan', true)`.execute(tx);
    return query.execute(tx);
  });
}

/**
 * SearchCustomers: the customers with a value that starts with `q`, by that value; when
 * there are none, the customers with a value that contains `q`, by created_at. (Running
 * both to top up a short prefix list made every narrow search, the usual kind, pay for the
 * costlier inside step.) Each customer comes with its links from the same statement, where
 * loadLinks would add three. A search led by rare trigrams is one statement on its generic
 * plan (withGenericPlan); one without them runs the prefix step alone on its generic plan,
 * then, when nothing starts with `q`, the inside step planned for its values
 * (PLAN_FOR_VALUES), walking the newest customers first when every trigram of `q` is common,
 * and taking its matches from the digit index when `q` holds a run of four or more digits:
 * without rare trigrams to steer it, the trigram index would decode lists as long as the
 * customers ("5555": all 1,000,000 at 1M, 1.5–2 s), where the digit pieces' lists are short.
 */
export async function searchCustomers(
  db: Db,
  accountId: string,
  q: string,
  limit: number,
): Promise<Customer[]> {
  const frequencies = await trigramFrequencies(db);
  const leading = leadingTrigrams(q, frequencies);
  let rows: (CustomerRow & CustomerLinks)[];
  if (leading.length > 0) {
    // Led by rare trigrams, the generic plan is right for both steps whatever the values.
    ({ rows } = await withGenericPlan(db, searchCustomersQuery(accountId, q, limit, { leading })));
  } else {
    // Without them only the inside step needs a plan made for its values, and most searches
    // never reach it: the prefix step runs alone on its generic plan, the inside step (planned
    // for its values) only when nothing starts with `q`.
    ({ rows } = await withGenericPlan(
      db,
      searchCustomersQuery(accountId, q, limit, { steps: 'prefix' }),
    ));
    if (rows.length === 0) {
      ({ rows } = await searchCustomersQuery(accountId, q, limit, {
        steps: 'inside',
        walk: commonTrigramsOnly(q, frequencies),
        digits: digitGrams(q),
      }).execute(db));
    }
  }
  return rows.map(({ campaign_ids, shop_ids, group_ids, ...row }) =>
    toCustomer(row, { campaign_ids, shop_ids, group_ids }),
  );
}

/**
 * EnableCustomer / DisableCustomer. Disabling also revokes the customer's live portal
 * sessions in the same transaction, so the next shopper request is refused.
 * Returns false when the customer already had that status (nothing written).
 */
export async function setCustomerStatus(
  tx: Tx,
  customer: CustomerRow,
  status: CustomerStatus,
  now: Date,
): Promise<boolean> {
  if (customer.status === status) return false;
  await tx
    .updateTable('customers')
    .set({ status, updated_at: now })
    .where('id', '=', customer.id)
    .where('account_id', '=', customer.account_id)
    .execute();
  if (status === 'disabled') {
    await tx
      .updateTable('sessions')
      .set({ revoked_at: now, revoked_reason: 'customer_disabled' })
      .where('customer_id', '=', customer.id)
      .where('account_id', '=', customer.account_id)
      .where('revoked_at', 'is', null)
      .execute();
  }
  return true;
}
