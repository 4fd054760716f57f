import { createHmac } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';

/** A key for session tokens only, derived from the app secret (never the secret itself). */
function sessionKey(secret: string): Uint8Array {
  return new Uint8Array(createHmac('sha256', secret).update('portico/session-token/v1').digest());
}

/** The token names the server-side session and nothing else; the row holds the truth. */
export async function signSessionToken(
  secret: string,
  sessionId: string,
  expiresAt: Date,
): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sessionId)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(sessionKey(secret));
}

/** The session id, or undefined for any token that is forged, malformed or expired. */
export async function readSessionToken(
  secret: string,
  token: string,
  now: Date,
): Promise<string | undefined> {
  try {
    const { payload } = await jwtVerify(token, sessionKey(secret), {
      algorithms: ['HS256'],
      currentDate: now,
    });
    return typeof payload.sub === 'string' ? payload.sub : undefined;
  } catch {
    return undefined;
  }
}
