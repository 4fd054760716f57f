import { type Kysely, sql } from 'kysely';

// Frozen in time: this file imports nothing from the app.

/**
 * A registration's password hash travels with its confirmation code, so confirming a code
 * sets the password chosen by the registration that produced that very code (a later
 * registration for the same email cannot swap the password under a pending confirmation).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table email_codes add column password_hash text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table email_codes drop column password_hash`.execute(db);
}
