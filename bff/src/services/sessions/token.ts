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

/** Tokens whose signature already checked out, per secret: session id and expiry (epoch s). */
const verified = new Map<string, Map<string, { sub: string; exp: number }>>();
/** Enough for the shoppers active at once on one instance; the oldest go first past it. */
export const VERIFIED_TOKENS_KEPT = 10_000;

/**
 * The session id, or undefined for any token that is forged, malformed or expired. A token
 * verified before is not verified again (its signature cannot change; its expiry is checked
 * every time, as jose checks it): the HMAC was a tenth of a shopper request's CPU time.
 */
export async function readSessionToken(
  secret: string,
  token: string,
  now: Date,
): Promise<string | undefined> {
  let bySecret = verified.get(secret);
  if (!bySecret) {
    bySecret = new Map();
    verified.set(secret, bySecret);
  }
  const seconds = Math.floor(now.getTime() / 1000);
  const known = bySecret.get(token);
  if (known) {
    if (known.exp > seconds) return known.sub;
    bySecret.delete(token);
    return undefined;
  }
  try {
    const { payload } = await jwtVerify(token, await sessionKey(secret), {
      algorithms: ['HS256'],
      currentDate: now,
    });
    if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') return undefined;
    bySecret.set(token, { sub: payload.sub, exp: payload.exp });
    if (bySecret.size > VERIFIED_TOKENS_KEPT)
      bySecret.delete(bySecret.keys().next().value as string);
    return payload.sub;
  } catch {
    return undefined;
  }
}
