import { type Kysely, sql } from 'kysely';

// Frozen in time: this file imports nothing from the app.
// Outbound webhooks. A merchant's endpoints (URL, event filter, signing secret; the previous
// secret stays valid for a while after a rotation), one delivery per (event, endpoint) with
// its own retry state, and a log row per attempt. The worker fans each 'webhook' outbox row
// out into deliveries in one transaction with marking the row sent, so an event is never
// lost nor fanned out twice.

const SCHEMA = `
create table webhook_endpoints (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  url text not null,
  description text,
  events text[] not null default '{}',
  enabled boolean not null default true,
  secret text not null,
  previous_secret text,
  previous_secret_expires_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index webhook_endpoints_account on webhook_endpoints(account_id, created_at, id);

create table webhook_deliveries (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  endpoint_id uuid not null references webhook_endpoints(id) on delete cascade,
  event_id uuid not null,
  event_type text not null,
  body text not null,
  status text not null default 'pending' check (status in ('pending', 'succeeded', 'dead')),
  attempts int not null default 0,
  next_attempt_at timestamptz not null default now(),
  locked_until timestamptz,
  last_status_code int,
  last_error text,
  created_at timestamptz not null default now(),
  delivered_at timestamptz,
  unique (endpoint_id, event_id)
);
create index webhook_deliveries_due on webhook_deliveries(next_attempt_at) where status = 'pending';

create table webhook_delivery_attempts (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  endpoint_id uuid not null references webhook_endpoints(id) on delete cascade,
  delivery_id uuid not null references webhook_deliveries(id) on delete cascade,
  event_id uuid not null,
  event_type text not null,
  attempt int not null,
  status_code int,
  error text,
  duration_ms int not null,
  created_at timestamptz not null default now()
);
create index webhook_delivery_attempts_endpoint
  on webhook_delivery_attempts(endpoint_id, created_at, id);

create index outbox_webhook_due on outbox(next_attempt_at) where status = 'pending' and kind = 'webhook';
`;

export async function up(db: Kysely<unknown>): Promise<void> {
  // One statement per call: PGlite's extended protocol takes no multi-statement strings.
  for (const statement of SCHEMA.split(/;\s*\n/).filter((s) => s.trim())) {
    await sql.raw(statement).execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists outbox_webhook_due`.execute(db);
  for (const table of ['webhook_delivery_attempts', 'webhook_deliveries', 'webhook_endpoints']) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
