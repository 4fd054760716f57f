import { type Kysely, sql } from 'kysely';

// Frozen in time: this file imports nothing from the app.
// Merchant-minted, single-use portal login links. Only an HMAC of the random token is kept;
// the link is bound to its portal, customer and the tracking domain it was minted for.
// `used_at` is set by one conditional UPDATE, so parallel redemptions yield one session.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table login_links (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  portal_id uuid not null references portals(id) on delete cascade,
  customer_id uuid not null references customers(id) on delete cascade,
  token_hash text not null unique,
  tracking_domain text not null,
  deep_link jsonb,
  expires_at timestamptz not null,
  used_at timestamptz,
  session_id uuid references sessions(id) on delete set null,
  created_by_api_key_id uuid references api_keys(id) on delete set null,
  created_at timestamptz not null default now()
)`.execute(db);
  // One statement per call: PGlite runs a single statement per prepared query.
  await sql`create index login_links_customer on login_links(customer_id, created_at)`.execute(db);
  await sql`create index login_links_expiry on login_links(expires_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists login_links`.execute(db);
}
