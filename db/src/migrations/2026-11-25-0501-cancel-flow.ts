import { type Kysely, sql } from 'kysely';

// Frozen in time: this file imports nothing from the app.
// The merchant-owned cancel flow: per portal, its cancellation reasons (id + localized
// labels), whether a comment is asked, and a save step offering suspension. A cancelled
// subscription keeps the reason's label as the shopper saw it in the merchant's words.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table portals
  add column cancel_reasons jsonb not null default '[]'::jsonb
    check (jsonb_typeof(cancel_reasons) = 'array'),
  add column cancel_comment text not null default 'optional'
    check (cancel_comment in ('off', 'optional', 'required')),
  add column cancel_save_offer boolean not null default false
`.execute(db);
  // One statement per call: PGlite runs a single statement per prepared query.
  await sql`alter table subscriptions add column cancel_reason_label text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table subscriptions drop column if exists cancel_reason_label`.execute(db);
  await sql`
alter table portals
  drop column if exists cancel_reasons,
  drop column if exists cancel_comment,
  drop column if exists cancel_save_offer;
`.execute(db);
}
