import { type Kysely, sql } from 'kysely';

// Frozen in time: this file imports nothing from the app.
// The sandbox payment gateway keeps its vault and charges in Postgres so every BFF instance
// sees the same tokens and the same idempotency keys. It never stores a card number: only
// display facts, an HMAC fingerprint and the test behaviour the number selected.

const STATEMENTS = [
  `create table sandbox_gateway_tokens (
    token text primary key,
    brand text not null,
    last4 text not null check (last4 ~ '^[0-9]{4}$'),
    exp_month int not null check (exp_month between 1 and 12),
    exp_year int not null,
    fingerprint text not null,
    behaviour text not null,
    origin text,
    created_at timestamptz not null default now()
  )`,
  `create table sandbox_gateway_charges (
    id text primary key,
    idempotency_key text not null unique,
    token text not null references sandbox_gateway_tokens(token),
    amount int not null check (amount > 0),
    currency text not null,
    description text,
    status text not null check (status in ('succeeded', 'failed')),
    decline_code text,
    decline_message text,
    refunded_amount int not null default 0,
    created_at timestamptz not null default now()
  )`,
  `create table sandbox_gateway_refunds (
    id text primary key,
    idempotency_key text not null unique,
    charge_id text not null references sandbox_gateway_charges(id),
    amount int not null check (amount > 0),
    created_at timestamptz not null default now()
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'sandbox_gateway_refunds',
    'sandbox_gateway_charges',
    'sandbox_gateway_tokens',
  ]) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
