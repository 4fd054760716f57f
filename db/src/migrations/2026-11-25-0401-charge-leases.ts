import { type Kysely, sql } from 'kysely';

// Frozen in time: this file imports nothing from the app.
// A pending charge attempt is claimed with a short lease while the gateway is called, so no
// database transaction stays open across the network call and a crashed instance's claim
// runs out by itself.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table transactions add column locked_until timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table transactions drop column if exists locked_until`.execute(db);
}
