import type { Db, Tx } from '@portico/db';

export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;

export interface SessionRow {
  id: string;
  account_id: string;
  portal_id: string;
  customer_id: string;
  idle_expires_at: Date;
  absolute_expires_at: Date;
}

const addMs = (d: Date, ms: number) => new Date(d.getTime() + ms);

const SESSION_COLUMNS = [
  'id',
  'account_id',
  'portal_id',
  'customer_id',
  'idle_expires_at',
  'absolute_expires_at',
] as const;

export async function createSession(
  db: Db | Tx,
  input: {
    accountId: string;
    portalId: string;
    customerId: string;
    now: Date;
    ip?: string | undefined;
    userAgent?: string | undefined;
  },
): Promise<SessionRow> {
  return db
    .insertInto('sessions')
    .values({
      account_id: input.accountId,
      portal_id: input.portalId,
      customer_id: input.customerId,
      last_seen_at: input.now,
      idle_expires_at: addMs(input.now, IDLE_TIMEOUT_MS),
      absolute_expires_at: addMs(input.now, ABSOLUTE_TIMEOUT_MS),
      ip: input.ip ?? null,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
    })
    .returning(SESSION_COLUMNS)
    .executeTakeFirstOrThrow();
}

/**
 * One statement that checks and slides the session: live (not revoked, inside both
 * expiries) and bound to this portal, or nothing comes back.
 */
export async function touchSession(
  db: Db,
  sessionId: string,
  portalId: string,
  now: Date,
): Promise<SessionRow | undefined> {
  const idle = addMs(now, IDLE_TIMEOUT_MS);
  const row = await db
    .updateTable('sessions')
    .set((eb) => ({
      last_seen_at: now,
      idle_expires_at: eb.fn('least', [eb.val(idle), eb.ref('absolute_expires_at')]),
    }))
    .where('id', '=', sessionId)
    .where('portal_id', '=', portalId)
    .where('revoked_at', 'is', null)
    .where('idle_expires_at', '>', now)
    .where('absolute_expires_at', '>', now)
    .returning(SESSION_COLUMNS)
    .executeTakeFirst();
  return row;
}

/**
 * Whose session a refused token named (revoked, expired or another portal's), for the
 * denial log: only within the request's account, so a log line never mixes tenants.
 */
export async function sessionOwner(
  db: Db,
  sessionId: string,
  accountId: string,
): Promise<{ customerId: string; why: string } | undefined> {
  const row = await db
    .selectFrom('sessions')
    .select(['customer_id', 'revoked_reason', 'revoked_at'])
    .where('id', '=', sessionId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    customerId: row.customer_id,
    why: row.revoked_at ? `revoked:${row.revoked_reason ?? 'unknown'}` : 'expired_or_other_portal',
  };
}

export async function revokeSession(db: Db | Tx, sessionId: string, now: Date, reason: string) {
  await db
    .updateTable('sessions')
    .set({ revoked_at: now, revoked_reason: reason })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function revokeCustomerSessions(
  db: Db | Tx,
  customerId: string,
  now: Date,
  reason: string,
): Promise<number> {
  const res = await db
    .updateTable('sessions')
    .set({ revoked_at: now, revoked_reason: reason })
    .where('customer_id', '=', customerId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}
