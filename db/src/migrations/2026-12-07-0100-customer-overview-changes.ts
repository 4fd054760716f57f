import { type Kysely, sql } from 'kysely';

// Frozen in time: this file imports nothing from the app.
// The BFF keeps each session's account overview (its JSON body) in memory and has Postgres
// rebuild it only when something in it changed. What changed is counted here: triggers add a
// row for every insert, update or delete of a customer's cards, subscriptions, trials and
// salvage transactions, and every update of the customer, so no code path can forget to.
// A customer's version is the sum of `changes` over their rows: rows are only ever added
// (no row lock is taken, so no new lock order between a customer and their rows), and
// folding a customer's rows into one (`compact_customer_overview_changes`) keeps the sum,
// so a commit always raises the version a later statement reads. No foreign key: a change row
// is written while a customer's rows are deleted with it; folding drops orphans.

const CHILD_TABLES = ['customer_cards', 'subscriptions', 'trials', 'salvage_transactions'];

const STATEMENTS = [
  `create table customer_overview_changes (
     customer_id uuid not null,
     account_id uuid not null,
     changes bigint not null default 1
   )`,
  `create index customer_overview_changes_customer
     on customer_overview_changes (customer_id) include (changes)`,
  `create function customer_overview_child_changed() returns trigger language plpgsql as $$
   begin
     if tg_op <> 'INSERT' then
       insert into customer_overview_changes (customer_id, account_id)
         values (old.customer_id, old.account_id);
     end if;
     if tg_op = 'INSERT' or (tg_op = 'UPDATE' and new.customer_id <> old.customer_id) then
       insert into customer_overview_changes (customer_id, account_id)
         values (new.customer_id, new.account_id);
     end if;
     return null;
   end $$`,
  ...CHILD_TABLES.map(
    (table) => `create trigger ${table}_overview_changed after insert or update or delete
       on ${table} for each row execute function customer_overview_child_changed()`,
  ),
  `create function customer_overview_customer_changed() returns trigger language plpgsql as $$
   begin
     insert into customer_overview_changes (customer_id, account_id)
       values (new.id, new.account_id);
     return null;
   end $$`,
  `create trigger customers_overview_changed after update on customers
     for each row execute function customer_overview_customer_changed()`,
  // Folds each customer's change rows into one with the same sum (at most `max_customers`
  // customers a call) and drops the rows of deleted customers. Rows added meanwhile are not
  // seen by the delete and stay, so the sum is kept whatever runs concurrently.
  `create function compact_customer_overview_changes(max_customers integer)
   returns integer language sql as $$
     delete from customer_overview_changes o
       where not exists (select 1 from customers c where c.id = o.customer_id);
     with folded as (
       delete from customer_overview_changes
         where customer_id in (
           select customer_id from customer_overview_changes
             group by customer_id having count(*) > 1
             limit max_customers)
         returning customer_id, account_id, changes
     ), kept as (
       insert into customer_overview_changes (customer_id, account_id, changes)
         select customer_id, (array_agg(account_id))[1], sum(changes)
           from folded group by customer_id
         returning 1
     )
     select count(*)::integer from kept
   $$`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists compact_customer_overview_changes(integer)`.execute(db);
  await sql`drop trigger if exists customers_overview_changed on customers`.execute(db);
  await sql`drop function if exists customer_overview_customer_changed()`.execute(db);
  for (const table of CHILD_TABLES) {
    await sql.raw(`drop trigger if exists ${table}_overview_changed on ${table}`).execute(db);
  }
  await sql`drop function if exists customer_overview_child_changed()`.execute(db);
  await sql`drop table if exists customer_overview_changes`.execute(db);
}
