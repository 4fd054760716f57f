import { type Kysely, sql } from 'kysely';

// Frozen in time: this file imports nothing from the app.
// SearchCustomers first looks for values that start with the query (b-tree range scans that
// stop after `limit` rows, in the indexed order), and only then for matches inside values
// (the pg_trgm indexes). At 1,000,000 customers a trigram scan over common trigrams costs
// tens to hundreds of milliseconds; a prefix range scan costs well under one. The "C"
// collation makes `like 'abc%'` an index range whatever the database's collation.

const INDEXES = {
  customers_prefix_email: `lower(email) collate "C"`,
  customers_prefix_name: `lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '')) collate "C"`,
  customers_prefix_last_name: `lower(coalesce(last_name, '')) collate "C"`,
  customers_prefix_phone: `lower(coalesce(phone, '')) collate "C"`,
  customers_prefix_internal_id: `lower(coalesce(internal_id, '')) collate "C"`,
};

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, expression] of Object.entries(INDEXES)) {
    await sql.raw(`create index ${name} on customers (account_id, (${expression}))`).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of Object.keys(INDEXES)) {
    await sql.raw(`drop index if exists ${name}`).execute(db);
  }
}
