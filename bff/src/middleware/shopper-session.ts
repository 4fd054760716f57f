import type { Permission } from '@portico/shared';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { ApiError } from '../http/api-error.js';
import type { AppEnv } from '../http/context.js';
import { logAuth } from '../services/identity/audit-log.js';
import { markPortalRecordVerified } from '../services/portals/portal-record.js';
import { clearSessionCookie, readSessionCookie } from '../services/sessions/cookie.js';
import {
  findLiveSession,
  revokeSession,
  type SessionRow,
  sessionOwner,
  slideSession,
} from '../services/sessions/sessions.js';
import { readSessionToken } from '../services/sessions/token.js';
import { isHttps } from './client-ip.js';
import { isUnsafeMethod, originAllowed, rejectOrigin } from './csrf.js';
import { portalRecord, portalUnverified, refreshPortal } from './portal.js';

const sessions = new WeakMap<object, SessionRow>();

/** The live session row behind `shopper` (expiries for the session endpoint). */
export function sessionRow(c: { req: { raw: Request } }): SessionRow {
  const row = sessions.get(c.req.raw);
  if (!row) throw new Error('requireShopper must run first');
  return row;
}

/**
 * 401, clearing the cookie. A cached portal copy is read afresh first, so a portal disabled
 * or moved meanwhile answers the same 404 as `resolvePortal` would have.
 */
async function unauthorized(c: Context<AppEnv>, why: string, customerId?: string): Promise<never> {
  if (portalUnverified(c)) await refreshPortal(c);
  logAuth(c, 'session_denied', { customerId, why });
  clearSessionCookie(c, isHttps(c));
  throw new ApiError('unauthorized', 'please log in');
}

/**
 * Every shopper request (after `resolvePortal`): a signed token naming a live session of
 * this portal, whose customer is still enabled and still passes the portal's filters. Any
 * miss is a 401. Sets `shopper` with the portal's current permissions. The same query reads
 * the portal's `config_version`: when the request started from a cached portal copy that has
 * changed since, the portal is read again and its rules (servable here, CSRF origin,
 * filters, permissions) applied to this very request.
 */
export const requireShopper = createMiddleware<AppEnv>(async (c, next) => {
  const { db, config, clock } = c.get('deps');
  const now = clock();
  const token = readSessionCookie(c, isHttps(c));
  if (!token) return unauthorized(c, 'no_cookie');
  const sessionId = await readSessionToken(config.secret, token, now);
  if (!sessionId) return unauthorized(c, 'bad_token');
  const preload = c.get('sessionPreload');
  let portal = portalRecord(c);
  let live = await findLiveSession(db, sessionId, portal, now, preload);
  if (live && live.portal_version !== portal.version) {
    portal = await refreshPortal(c);
    if (isUnsafeMethod(c.req.method) && !originAllowed(c)) rejectOrigin(c);
    live = await findLiveSession(db, sessionId, portal, now, preload);
  }
  if (!live) {
    // A replayed cookie after logout or reset: name whose it was in the denial log.
    const owner = await sessionOwner(db, sessionId, portal.accountId);
    return unauthorized(c, `session_not_live${owner ? `:${owner.why}` : ''}`, owner?.customerId);
  }
  markPortalRecordVerified(c.req.raw, portal.id);
  if (!live.eligible) {
    await revokeSession(db, live.id, now, 'customer_ineligible');
    return unauthorized(c, 'customer_ineligible', live.customer_id);
  }
  const session = await slideSession(db, live, now);
  if (!session) return unauthorized(c, 'session_not_live');
  c.set('shopper', {
    sessionId: session.id,
    accountId: session.account_id,
    portalId: session.portal_id,
    customerId: session.customer_id,
    permissions: portal.permissions,
  });
  sessions.set(c.req.raw, session);
  // Read in the same statement as the checks above, so it is as current as they are.
  if (live.overview_version !== null) c.set('overviewVersion', live.overview_version);
  await next();
});

/**
 * Before `requireShopper` on the overview's GET: the session check reads the overview's
 * version in its own statement, so showing a held overview body is one round trip, not two.
 */
export const preloadOverview = createMiddleware<AppEnv>(async (c, next) => {
  c.set('sessionPreload', 'overview');
  await next();
});

/** After `requireShopper`: refuses with 403 `permission_denied` when the portal has it off. */
export function requirePermission(permission: Permission) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const shopper = c.get('shopper');
    if (!shopper.permissions.includes(permission)) {
      logAuth(c, 'permission_denied', { customerId: shopper.customerId, permission });
      throw new ApiError('permission_denied', `this portal does not allow ${permission}`, {
        permission,
      });
    }
    await next();
  });
}
