import type { Db } from '@portico/db';
import { findEligibleByEmail } from '../customers/eligibility.js';
import { verifyDummy, verifyPassword } from '../passwords/hasher.js';
import type { PortalRecord } from '../portals/portal-record.js';

/**
 * The customer whose password this is, or undefined. Unknown email, filtered-out, disabled,
 * unconfirmed and wrong password all take one argon2 verification and end the same way.
 */
export async function checkCredentials(
  db: Db,
  portal: PortalRecord,
  email: string,
  password: string,
): Promise<{ id: string; email: string; first_name: string | null } | undefined> {
  const customer = await findEligibleByEmail(db, portal, email);
  const login = customer
    ? await db
        .selectFrom('customer_logins')
        .select(['password_hash', 'confirmed_at'])
        .where('customer_id', '=', customer.id)
        .executeTakeFirst()
    : undefined;
  if (!customer || !login) return verifyDummy(password).then(() => undefined);
  const ok = await verifyPassword(login.password_hash, password);
  return ok && login.confirmed_at ? customer : undefined;
}
