import type { Db } from '@portico/db';
import { sql } from 'kysely';

const FIRST = [
  'Ann',
  'Bob',
  'Carla',
  'Dev',
  'Elena',
  'Femi',
  'Greta',
  'Hiro',
  'Ines',
  'Jonas',
  'Kemal',
  'Lucia',
  'Mateo',
  'Nadia',
  'Omar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sven',
  'Tara',
];
const LAST = [
  'Garcia',
  'Smith',
  'Okafor',
  'Tanaka',
  'Novak',
  'Rossi',
  'Dubois',
  'Kowalski',
  'Silva',
  'Jensen',
  'Haddad',
  'Murphy',
  'Nguyen',
  'Schmidt',
  'Moreau',
  'Ivanova',
  'Costa',
  'Larsen',
  'Mehta',
  'Walsh',
];

/**
 * Adds `count` customers to an account with generated, varied names, emails, phones and
 * internal ids, in batches so the trigram indexes stay maintained as in production.
 */
export async function seedCustomers(
  db: Db,
  accountId: string,
  count: number,
  startAt = 0,
): Promise<void> {
  const batch = 50_000;
  for (let from = startAt; from < startAt + count; from += batch) {
    const to = Math.min(startAt + count, from + batch) - 1;
    await sql`
      insert into customers (account_id, first_name, last_name, email, phone, internal_id, metadata, created_at)
      select ${accountId}::uuid,
             (${sql.lit(`{${FIRST.join(',')}}`)}::text[])[1 + (i % ${FIRST.length})],
             (${sql.lit(`{${LAST.join(',')}}`)}::text[])[1 + ((i / ${FIRST.length}) % ${LAST.length})],
             'customer' || i || '.' || substr(md5(i::text), 1, 6) || '@example.com',
             '+1555' || lpad(i::text, 7, '0'),
             'INT-' || lpad(i::text, 8, '0'),
             '{}'::jsonb,
             now() - (i || ' seconds')::interval
      from generate_series(${from}::int, ${to}::int) as i
    `.execute(db);
  }
  await sql`analyze customers`.execute(db);
}
