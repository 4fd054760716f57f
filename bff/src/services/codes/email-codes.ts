import { createHmac, randomInt } from 'node:crypto';
import { assertTransaction, type Db, type Tx } from '@portico/db';
import { sql } from 'kysely';

export type CodePurpose = 'confirm' | 'reset';

export const CODE_TTL_MS = 10 * 60 * 1000;
export const CODE_MAX_ATTEMPTS = 5;
export const CODE_SENDS_PER_HOUR = 5;
export const CODE_COOLDOWN_MS = 60 * 1000;

interface CodeScope {
  accountId: string;
  portalId: string;
  customerId: string;
  purpose: CodePurpose;
}

/** Bound to purpose, portal and customer: a code for one never verifies as another. */
export function codeHmac(secret: string, scope: CodeScope, code: string): string {
  return createHmac('sha256', secret)
    .update(`${scope.purpose}|${scope.portalId}|${scope.customerId}|${code}`)
    .digest('hex');
}

export type IssueResult = { code: string } | { limited: 'cooldown' | 'hourly' };

/**
 * A fresh six-digit code that voids every earlier one of the same scope. Runs inside the
 * caller's transaction with the customer row locked, so parallel requests count as sends.
 */
export async function issueCode(
  tx: Tx,
  secret: string,
  scope: CodeScope,
  now: Date,
  /** Confirmation codes carry the registration's password hash, applied on confirm. */
  passwordHash?: string,
): Promise<IssueResult> {
  assertTransaction(tx);
  await tx
    .selectFrom('customers')
    .select('id')
    .where('id', '=', scope.customerId)
    .forUpdate()
    .execute();
  const recent = await tx
    .selectFrom('email_codes')
    .select([
      (eb) => eb.fn.countAll<string>().as('sent'),
      (eb) => eb.fn.max('created_at').as('last'),
    ])
    .where('portal_id', '=', scope.portalId)
    .where('customer_id', '=', scope.customerId)
    .where('purpose', '=', scope.purpose)
    .where('created_at', '>', new Date(now.getTime() - 60 * 60 * 1000))
    .executeTakeFirstOrThrow();
  if (Number(recent.sent) >= CODE_SENDS_PER_HOUR) return { limited: 'hourly' };
  if (recent.last && now.getTime() - new Date(recent.last).getTime() < CODE_COOLDOWN_MS) {
    return { limited: 'cooldown' };
  }
  await voidCodes(tx, scope.customerId, now, scope.purpose);
  const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
  await tx
    .insertInto('email_codes')
    .values({
      account_id: scope.accountId,
      portal_id: scope.portalId,
      customer_id: scope.customerId,
      purpose: scope.purpose,
      code_hmac: codeHmac(secret, scope, code),
      password_hash: passwordHash ?? null,
      expires_at: new Date(now.getTime() + CODE_TTL_MS),
      created_at: now,
    })
    .execute();
  return { code };
}

/** Voids outstanding codes of a customer (one purpose, or all). */
export async function voidCodes(
  db: Db | Tx,
  customerId: string,
  now: Date,
  purpose?: CodePurpose,
): Promise<void> {
  let q = db
    .updateTable('email_codes')
    .set({ voided_at: now })
    .where('customer_id', '=', customerId)
    .where('consumed_at', 'is', null)
    .where('voided_at', 'is', null);
  if (purpose) q = q.where('purpose', '=', purpose);
  await q.execute();
}

/**
 * Checks a code in one UPDATE: every try counts (attempts + 1) and the row is consumed only
 * when the HMAC matches. Postgres re-checks the WHERE after a concurrent update commits, so
 * parallel guesses all count, the sixth is refused, and of parallel right answers one wins.
 * Returns the consumed code (with any pending password hash), or undefined.
 */
export async function consumeCode(
  db: Db | Tx,
  secret: string,
  scope: CodeScope,
  code: string,
  now: Date,
): Promise<{ passwordHash: string | null } | undefined> {
  const hmac = codeHmac(secret, scope, code);
  const row = await db
    .updateTable('email_codes')
    .set({
      attempts: sql`attempts + 1`,
      consumed_at: sql`case when code_hmac = ${hmac} then ${now}::timestamptz else null end`,
    })
    .where(
      'id',
      '=',
      db
        .selectFrom('email_codes')
        .select('id')
        .where('portal_id', '=', scope.portalId)
        .where('customer_id', '=', scope.customerId)
        .where('purpose', '=', scope.purpose)
        .where('consumed_at', 'is', null)
        .where('voided_at', 'is', null)
        .orderBy('created_at', 'desc')
        .limit(1),
    )
    .where('consumed_at', 'is', null)
    .where('voided_at', 'is', null)
    .where('attempts', '<', CODE_MAX_ATTEMPTS)
    .where('expires_at', '>', now)
    .returning(['consumed_at', 'password_hash'])
    .executeTakeFirst();
  return row?.consumed_at ? { passwordHash: row.password_hash } : undefined;
}
