import { compiledOnce, type Db, type Tx } from '@portico/db';
import { Id } from '@portico/shared';
import type DataLoader from 'dataloader';
import { sql } from 'kysely';
import { overviewVersion } from '../account/overview.js';
import { eligibleCustomer, type PortalFilters } from '../customers/eligibility.js';
import { inFlightBatches } from './in-flight-batches.js';

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
function liveSessions(db: Db, sessionIds: string[], portalId: string, now: Date) {
  return db
    .selectFrom('sessions')
    .where((eb) => eb('sessions.id', '=', eb.fn.any(eb.val(sessionIds))))
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
    v: PortalFilters & { sessionIds: string[]; portalId: string; now: Date },
    shape: SessionShape,
  ) => {
    const overview = shape.endsWith('+overview');
    return liveSessions(db, v.sessionIds, v.portalId, v.now)
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

type LiveSession = SessionRow & {
  eligible: boolean;
  portal_version: number | null;
  overview_version: string | null;
};

/** The portal a session check is made for: its filters and the record's `config_version`. */
export type SessionPortal = PortalFilters & { id: string; version: number };

interface SessionCheck {
  sessionId: string;
  portal: SessionPortal;
  now: Date;
  preload: SessionPreload | undefined;
}

/**
 * Session checks running at once per database. Postgres answers a batch of lookups in one
 * statement for little more than one, and every round trip costs the event loop a write to
 * the socket and the pool hand-offs; two batches keep both the server and Postgres busy.
 */
const SESSION_CHECKS_IN_FLIGHT = 2;
const SESSION_CHECK_BATCH_MAX = 64;

/**
 * A session check whose batch took longer than this fails with `SessionCheckTimedOut` (a
 * 503): far beyond a statement's usual milliseconds and the pool's 2 s wait for a connection.
 */
const SESSION_CHECK_TIMEOUT_MS = 5_000;

/** Answered as Postgres's own `query_canceled`: the database is not answering in time. */
export class SessionCheckTimedOut extends Error {
  readonly code = '57014';
  constructor() {
    super(`the session check took over ${SESSION_CHECK_TIMEOUT_MS} ms`);
  }
}

/**
 * One statement per portal record (id and version: the same filters) and preload in the
 * batch; a statement's failure fails its own checks only. Its `now` is the latest of its
 * checks': a session is checked no earlier than its request asked, so a revocation or
 * expiry before that always shows.
 */
async function checkBatch(
  db: Db,
  checks: readonly SessionCheck[],
): Promise<Array<LiveSession | undefined | Error>> {
  const groups = new Map<string, SessionCheck[]>();
  for (const check of checks) {
    const key = `${check.portal.id}/${check.portal.version}/${check.preload ?? ''}`;
    const group = groups.get(key);
    if (group) group.push(check);
    else groups.set(key, [check]);
  }
  const answers = new Map<SessionCheck, LiveSession | Error>();
  await Promise.all(
    [...groups.values()].map(async (group) => {
      const [{ portal, preload }] = group as [SessionCheck];
      const now = new Date(Math.max(...group.map((c) => c.now.getTime())));
      try {
        const rows = await liveSessionQuery(
          db,
          {
            sessionIds: [...new Set(group.map((c) => c.sessionId))],
            portalId: portal.id,
            now,
            accountId: portal.accountId,
            campaignIds: portal.campaignIds,
            shopIds: portal.shopIds,
          },
          preload ? `${filterShape(portal)}+${preload}` : filterShape(portal),
        );
        const byId = new Map(rows.map((row) => [row.id, row]));
        for (const check of group) {
          const row = byId.get(check.sessionId);
          if (row) answers.set(check, { ...row, eligible: Boolean(row.eligible) });
        }
      } catch (err) {
        for (const check of group) answers.set(check, err as Error);
      }
    }),
  );
  return checks.map((check) => answers.get(check));
}

const checkers = new WeakMap<Db, DataLoader<SessionCheck, LiveSession | undefined>>();

/**
 * The live session of this portal and, in the same query, whether the portal admits its
 * customer right now (`eligible`) and the portal's current `config_version` (to check a
 * cached portal record): one statement per shopper request at most, its SQL compiled once,
 * shared with the other requests of the portal that wait for it under load
 * (`SESSION_CHECKS_IN_FLIGHT`). With `preload: 'overview'` the same statement reads the
 * account overview's version (`overview_version`), so a held overview body is known current
 * without a second round trip. The body itself is not read here: a statement over all the
 * overview's tables costs Postgres more to start (locks on every table and index, every
 * subplan set up) even when it never builds the body.
 */
export function findLiveSession(
  db: Db,
  sessionId: string,
  portal: SessionPortal,
  now: Date,
  preload?: SessionPreload,
): Promise<LiveSession | undefined> {
  // Only a signed token names a session, but a malformed id must not fail its batch.
  if (!Id.safeParse(sessionId).success) return Promise.resolve(undefined);
  let checker = checkers.get(db);
  if (!checker) {
    checker = inFlightBatches((checks: readonly SessionCheck[]) => checkBatch(db, checks), {
      inFlight: SESSION_CHECKS_IN_FLIGHT,
      maxBatchSize: SESSION_CHECK_BATCH_MAX,
      timeoutMs: SESSION_CHECK_TIMEOUT_MS,
      timedOut: () => new SessionCheckTimedOut(),
    });
    checkers.set(db, checker);
  }
  // Postgres's uuid text is lower case: the rows are matched back by it.
  return checker.load({ sessionId: sessionId.toLowerCase(), portal, now, preload });
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
