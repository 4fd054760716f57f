import { type Kysely, sql } from 'kysely';

// Frozen in time: this file imports nothing from the app.
// SearchCustomers' inside-the-value step used four trigram indexes (email, name, phone,
// internal id) joined by a BitmapOr: four GIN scans per search, each also reading its whole
// pending list (fastupdate), which at 1,000,000 customers held 80–500 pages per index until a
// vacuum. It now searches one document per customer, the four values lower-cased and joined
// by U+001F (a query without that character cannot match across two values), in one GIN
// index without a pending list. Statistics on the document's trigrams tell the search which
// trigrams of a query are rare, so it can lead the index scan with them; a security-definer
// function reads them, because pg_stats_ext_exprs shows them to the table's owner only.

const DOCUMENT = `lower(email || E'\\x1f' || coalesce(first_name, '') || ' ' || coalesce(last_name, '') || E'\\x1f' || coalesce(phone, '') || E'\\x1f' || coalesce(internal_id, ''))`;

const OLD_INDEXES = {
  customers_search_email_trgm: 'lower(email)',
  customers_search_name_trgm: `lower(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))`,
  customers_search_phone_trgm: 'phone',
  customers_search_internal_trgm: 'lower(internal_id)',
};

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `create index customers_search_document on customers
        using gin ((${DOCUMENT}) gin_trgm_ops) with (fastupdate = off)`,
    )
    .execute(db);
  await sql
    .raw(`create statistics customers_search_trigrams on (show_trgm(${DOCUMENT})) from customers`)
    .execute(db);
  await sql
    .raw(
      `create function customer_search_trigram_frequencies()
        returns table (trigram text, frequency real)
        language sql stable security definer set search_path = pg_catalog, pg_temp
        as $$
          select t.trigram, t.frequency
          from pg_stats_ext_exprs s,
            unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) as t(trigram, frequency)
          where s.statistics_name = 'customers_search_trigrams' and t.trigram is not null
        $$`,
    )
    .execute(db);
  for (const name of Object.keys(OLD_INDEXES)) {
    await sql.raw(`drop index ${name}`).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [name, expression] of Object.entries(OLD_INDEXES)) {
    await sql
      .raw(`create index ${name} on customers using gin ((${expression}) gin_trgm_ops)`)
      .execute(db);
  }
  await sql.raw('drop function if exists customer_search_trigram_frequencies()').execute(db);
  await sql.raw('drop statistics if exists customers_search_trigrams').execute(db);
  await sql.raw('drop index if exists customers_search_document').execute(db);
}
