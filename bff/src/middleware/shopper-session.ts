import type { Permission } from '@portico/shared';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { ApiError } from '../http/api-error.js';
import type { AppEnv } from '../http/context.js';
import { logAuth } from '../services/identity/audit-log.js';
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
import { portalRecord } from './portal.js';

const sessions = new WeakMap<object, SessionRow>();

/** The live session row behind `shopper` (expiries for the session endpoint). */
export function sessionRow(c: { req: { raw: Request } }): SessionRow {
  const row = sessions.get(c.req.raw);
  if (!row) throw new Error('requireShopper must run first');
  return row;
}

function unauthorized(c: Context<AppEnv>, why: string, customerId?: string): never {
  logAuth(c, 'session_denied', { customerId, why });
  clearSessionCookie(c, isHttps(c));
  throw new ApiError('unauthorized', 'please log in');
}

/**
 * Every shopper request (after `resolvePortal`): a signed token naming a live session of
 * this portal, whose customer is still enabled and still passes the portal's filters. Any
 * miss is a 401. Sets `shopper` with the portal's current permissions.
 */
export const requireShopper = createMiddleware<AppEnv>(async (c, next) => {
  const { db, config, clock } = c.get('deps');
  const now = clock();
  const token = readSessionCookie(c, isHttps(c));
  if (!token) unauthorized(c, 'no_cookie');
  const sessionId = await readSessionToken(config.secret, token, now);
  if (!sessionId) unauthorized(c, 'bad_token');
  const portal = portalRecord(c);
  const live = await findLiveSession(db, sessionId, portal, now);
  if (!live) {
    // A replayed cookie after logout or reset: name whose it was in the denial log.
    const owner = await sessionOwner(db, sessionId, portal.accountId);
    unauthorized(c, `session_not_live${owner ? `:${owner.why}` : ''}`, owner?.customerId);
  }
  if (!live.eligible) {
    await revokeSession(db, live.id, now, 'customer_ineligible');
    unauthorized(c, 'customer_ineligible', live.customer_id);
  }
  const session = await slideSession(db, live, now);
  if (!session) unauthorized(c, 'session_not_live');
  c.set('shopper', {
    sessionId: session.id,
    accountId: session.account_id,
    portalId: session.portal_id,
    customerId: session.customer_id,
    permissions: portal.permissions,
  });
  sessions.set(c.req.raw, session);
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
