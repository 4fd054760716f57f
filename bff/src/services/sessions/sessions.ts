import { compiledOnce, type Db, type Tx } from '@portico/db';
import { sql } from 'kysely';
import { overviewVersion } from '../account/overview.js';
import { eligibleCustomer, type PortalFilters } from '../customers/eligibility.js';

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
 * The idle expiry slides at most once per this step. Every shopper request used to write the
 * session row (a commit and a row lock per request: concurrent requests of one shopper queued
 * on it); now a request inside the step only reads it. A session still expires after
 * IDLE_TIMEOUT_MS of inactivity, give or take this step.
 */
export const SLIDE_STEP_MS = 60 * 1000;

/** Live (not revoked, inside both expiries) and bound to this portal. */
function liveSession(db: Db, sessionId: string, portalId: string, now: Date) {
  return db
    .selectFrom('sessions')
    .where('sessions.id', '=', sessionId)
    .where('sessions.portal_id', '=', portalId)
    .where('sessions.revoked_at', 'is', null)
    .where('sessions.idle_expires_at', '>', now)
    .where('sessions.absolute_expires_at', '>', now);
}

/** Writes the slid idle expiry when it is due (see SLIDE_STEP_MS); the row as it now stands. */
export async function slideSession(
  db: Db,
  row: SessionRow,
  now: Date,
): Promise<SessionRow | undefined> {
  const idle = new Date(
    Math.min(now.getTime() + IDLE_TIMEOUT_MS, row.absolute_expires_at.getTime()),
  );
  if (idle.getTime() - row.idle_expires_at.getTime() < SLIDE_STEP_MS) return row;
  return db
    .updateTable('sessions')
    .set({ last_seen_at: now, idle_expires_at: idle })
    .where('id', '=', row.id)
    .where('revoked_at', 'is', null)
    .where('idle_expires_at', '>', now)
    .returning(SESSION_COLUMNS)
    .executeTakeFirst();
}

/** Which of the portal's filter lists are in use: the only thing the session SQL varies by. */
type FilterShape = `${'campaigns' | '-'}/${'shops' | '-'}`;

/** What a session check may carry besides the session: the account overview's body. */
export type SessionPreload = 'overview';
type SessionShape = FilterShape | `${FilterShape}+${SessionPreload}`;

const filterShape = (f: PortalFilters): FilterShape =>
  `${f.campaignIds.length > 0 ? 'campaigns' : '-'}/${f.shopIds.length > 0 ? 'shops' : '-'}`;

const liveSessionQuery = compiledOnce(
  (
    db: Db,
    v: PortalFilters & { sessionId: string; portalId: string; now: Date },
    shape: SessionShape,
  ) => {
    const overview = shape.endsWith('+overview');
    return liveSession(db, v.sessionId, v.portalId, v.now)
      .select(SESSION_COLUMNS.map((c) => `sessions.${c}` as const))
      .select((eb) => [
        eb
          .exists(
            eb
              .selectFrom('customers')
              .select(sql.lit(1).as('one'))
              .whereRef('customers.id', '=', 'sessions.customer_id')
              .where((e) =>
                eligibleCustomer(e, {
                  accountId: v.accountId,
                  campaignIds: shape.startsWith('campaigns') ? v.campaignIds : [],
                  shopIds: shape.includes('/shops') ? v.shopIds : [],
                }),
              ),
          )
          .as('eligible'),
        eb
          .selectFrom('portals')
          .select('portals.config_version')
          .whereRef('portals.id', '=', 'sessions.portal_id')
          .as('portal_version'),
        (overview ? overviewVersion(sql.ref('sessions.customer_id')) : sql<string | null>`null`).as(
          'overview_version',
        ),
      ]);
  },
);

/**
 * The live session of this portal and, in the same query, whether the portal admits its
 * customer right now (`eligible`) and the portal's current `config_version` (to check a
 * cached portal record): one round trip per shopper request, its SQL compiled once. With
 * `preload: 'overview'` the same statement reads the account overview's version
 * (`overview_version`), so a held overview body is known current without a second round
 * trip. The body itself is not read here: a statement over all the overview's tables costs
 * Postgres more to start (locks on every table and index, every subplan set up) even when
 * it never builds the body.
 */
export async function findLiveSession(
  db: Db,
  sessionId: string,
  portal: PortalFilters & { id: string },
  now: Date,
  preload?: SessionPreload,
): Promise<
  | (SessionRow & {
      eligible: boolean;
      portal_version: number | null;
      overview_version: string | null;
    })
  | undefined
> {
  const [row] = await liveSessionQuery(
    db,
    {
      sessionId,
      portalId: portal.id,
      now,
      accountId: portal.accountId,
      campaignIds: portal.campaignIds,
      shopIds: portal.shopIds,
    },
    preload ? `${filterShape(portal)}+${preload}` : filterShape(portal),
  );
  return row && { ...row, eligible: Boolean(row.eligible) };
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
