import { type Kysely, sql } from 'kysely';

// Frozen in time: this file imports nothing from the app.
// SearchCustomers' inside step finds `q` in the search document (migration
// 2026-11-25-0800-customer-search-document) through its trigram index. A digits query whose
// trigrams every customer has but few values contain ("5555": "555" is in every phone) made
// that index return every customer for recheck (1.5–2 s at 1,000,000 customers). This index
// holds each document's distinct four-digit pieces (the 4-grams of every run of ASCII
// digits), so such a query intersects the lists of its own pieces: 324 entries for "5555".
// The function takes the document (the trigram index's expression, lower-cased), so the
// pieces are exactly those a `like` on the document can meet: digits split by punctuation
// ("(555) 010") are not contiguous there and give no piece across it.

const DOCUMENT = `lower(email || E'\\x1f' || coalesce(first_name, '') || ' ' || coalesce(last_name, '') || E'\\x1f' || coalesce(phone, '') || E'\\x1f' || coalesce(internal_id, ''))`;

export async function up(db: Kysely<unknown>): Promise<void> {
  // Catalog functions named in full: an index expression must not depend on search_path.
  await sql
    .raw(
      `create function customer_search_digit_grams(document text) returns text[]
        language sql immutable strict parallel safe
        as $$
          select coalesce(pg_catalog.array_agg(distinct pg_catalog.substr(run[1], i, 4)), '{}')
          from pg_catalog.regexp_matches(document, '[0-9]{4,}', 'g') as run,
            pg_catalog.generate_series(1, pg_catalog.length(run[1]) - 3) as i
        $$`,
    )
    .execute(db);
  await sql
    .raw(
      `create index customers_search_digit_grams on customers
        using gin (customer_search_digit_grams(${DOCUMENT}) array_ops) with (fastupdate = off)`,
    )
    .execute(db);
  // The planner judges `@>` on the index by the expression's statistics, which only ANALYZE
  // gathers; without them it guesses the same share for every piece.
  await sql.raw('analyze customers').execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('drop index if exists customers_search_digit_grams').execute(db);
  await sql.raw('drop function if exists customer_search_digit_grams(text)').execute(db);
}
