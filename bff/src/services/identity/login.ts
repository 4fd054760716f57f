import type { Db } from '@portico/db';
import { sql } from 'kysely';
import { type EligibleCustomer, eligibleCustomer } from '../customers/eligibility.js';
import { verifyDummy, verifyPassword } from '../passwords/hasher.js';
import type { PortalRecord } from '../portals/portal-record.js';

/**
 * The customer whose password this is, or undefined. Unknown email, filtered-out, disabled,
 * unconfirmed and wrong password all take one argon2 verification and end the same way.
 * The customer and their login are read in one query (a login storm is mostly round trips).
 */
export async function checkCredentials(
  db: Db,
  portal: PortalRecord,
  email: string,
  password: string,
): Promise<EligibleCustomer | undefined> {
  const row = await db
    .selectFrom('customers')
    .leftJoin('customer_logins', 'customer_logins.customer_id', 'customers.id')
    .select([
      'customers.id',
      'customers.email',
      'customers.first_name',
      'customer_logins.password_hash',
      'customer_logins.confirmed_at',
    ])
    .where(sql<boolean>`lower(customers.email) = ${email.toLowerCase()}`)
    .where((eb) => eligibleCustomer(eb, portal))
    .executeTakeFirst();
  if (!row?.password_hash) return verifyDummy(password).then(() => undefined);
  const ok = await verifyPassword(row.password_hash, password);
  return ok && row.confirmed_at
    ? { id: row.id, email: row.email, first_name: row.first_name }
    : undefined;
}
