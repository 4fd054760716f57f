import { type Kysely, sql } from 'kysely';

// Frozen in time: this file imports nothing from the app.
// The BFF caches each portal's record in memory; `config_version` is how a cached copy knows
// it is stale. Triggers bump it on every change to the portal row and to its tracking domain
// (hostname, readiness), so no code path that edits either can forget to. The shopper
// session query compares it with the cached copy's, in the same round trip.

const STATEMENTS = [
  `alter table portals add column config_version integer not null default 1`,
  `create function portals_bump_config_version() returns trigger language plpgsql as $$
   begin
     new.config_version := old.config_version + 1;
     return new;
   end $$`,
  `create trigger portals_config_version before update on portals
   for each row execute function portals_bump_config_version()`,
  `create function tracking_domains_bump_portal_versions() returns trigger language plpgsql as $$
   begin
     update portals set config_version = config_version + 1
       where tracking_domain_id = new.id;
     return null;
   end $$`,
  `create trigger tracking_domains_portal_versions after update on tracking_domains
   for each row execute function tracking_domains_bump_portal_versions()`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger if exists tracking_domains_portal_versions on tracking_domains`.execute(
    db,
  );
  await sql`drop function if exists tracking_domains_bump_portal_versions()`.execute(db);
  await sql`drop trigger if exists portals_config_version on portals`.execute(db);
  await sql`drop function if exists portals_bump_config_version()`.execute(db);
  await sql`alter table portals drop column if exists config_version`.execute(db);
}
