import type { SessionInfo } from '@portico/shared';
import type { Context } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { clientIp, isHttps } from '../../middleware/client-ip.js';
import type { PortalRecord } from '../../services/portals/portal-record.js';
import { readSessionCookie, setSessionCookie } from '../../services/sessions/cookie.js';
import { createSession, revokeSession, type SessionRow } from '../../services/sessions/sessions.js';
import { readSessionToken, signSessionToken } from '../../services/sessions/token.js';

export function sessionInfo(
  session: SessionRow,
  customer: { id: string; email: string; first_name: string | null },
): SessionInfo {
  return {
    portal_id: session.portal_id,
    customer: { id: customer.id, email: customer.email, first_name: customer.first_name },
    expires_at: session.absolute_expires_at.toISOString(),
    idle_expires_at: session.idle_expires_at.toISOString(),
  };
}

/** The session the browser already carries, if its token is genuine (for rotation). */
export async function carriedSessionId(c: Context<AppEnv>): Promise<string | undefined> {
  const { config, clock } = c.get('deps');
  const previous = readSessionCookie(c, isHttps(c));
  return previous ? readSessionToken(config.secret, previous, clock()) : undefined;
}

/** Signs a token naming the session and sets it as the session cookie. */
export async function setSessionFor(c: Context<AppEnv>, session: SessionRow): Promise<void> {
  const { config, clock } = c.get('deps');
  const token = await signSessionToken(config.secret, session.id, session.absolute_expires_at);
  const maxAge = Math.floor((session.absolute_expires_at.getTime() - clock().getTime()) / 1000);
  setSessionCookie(c, isHttps(c), token, maxAge);
}

/**
 * A new session for the customer, its cookie set. Any session the browser already carried
 * is revoked first: the id always rotates at login (no fixation).
 */
export async function startSession(
  c: Context<AppEnv>,
  portal: PortalRecord,
  customer: { id: string; email: string; first_name: string | null },
): Promise<SessionInfo> {
  const { db, clock } = c.get('deps');
  const now = clock();
  const oldId = await carriedSessionId(c);
  if (oldId) await revokeSession(db, oldId, now, 'rotated');
  const session = await createSession(db, {
    accountId: portal.accountId,
    portalId: portal.id,
    customerId: customer.id,
    now,
    ip: clientIp(c),
    userAgent: c.req.header('user-agent'),
  });
  await setSessionFor(c, session);
  return sessionInfo(session, customer);
}
