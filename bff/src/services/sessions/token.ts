import { createHmac, webcrypto } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';

const keys = new Map<string, Promise<webcrypto.CryptoKey>>();

/**
 * A key for session tokens only, derived from the app secret (never the secret itself).
 * Imported once per secret: deriving and importing it on every request cost a tenth of the
 * account overview's CPU time.
 */
function sessionKey(secret: string): Promise<webcrypto.CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    const raw = createHmac('sha256', secret).update('portico/session-token/v1').digest();
    key = webcrypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
    keys.set(secret, key);
  }
  return key;
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
    .sign(await sessionKey(secret));
}

/** The session id, or undefined for any token that is forged, malformed or expired. */
export async function readSessionToken(
  secret: string,
  token: string,
  now: Date,
): Promise<string | undefined> {
  try {
    const { payload } = await jwtVerify(token, await sessionKey(secret), {
      algorithms: ['HS256'],
      currentDate: now,
    });
    return typeof payload.sub === 'string' ? payload.sub : undefined;
  } catch {
    return undefined;
  }
}
