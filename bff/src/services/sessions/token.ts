import { createHmac, webcrypto } from 'node:crypto';
import { jwtVerify } from 'jose';

const rawKeys = new Map<string, Buffer>();
const keys = new Map<string, Promise<webcrypto.CryptoKey>>();

/** A key for session tokens only, derived from the app secret (never the secret itself). */
function rawSessionKey(secret: string): Buffer {
  let raw = rawKeys.get(secret);
  if (!raw) {
    raw = createHmac('sha256', secret).update('portico/session-token/v1').digest();
    rawKeys.set(secret, raw);
  }
  return raw;
}

/**
 * The same key imported for jose, once per secret: deriving and importing it on every
 * request cost a tenth of the account overview's CPU time.
 */
function sessionKey(secret: string): Promise<webcrypto.CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = webcrypto.subtle.importKey(
      'raw',
      rawSessionKey(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
    keys.set(secret, key);
  }
  return key;
}

const JWS_HEADER = Buffer.from(JSON.stringify({ alg: 'HS256' })).toString('base64url');

/**
 * The token names the server-side session and nothing else; the row holds the truth. An
 * HS256 JWT, the very bytes jose's SignJWT makes (readSessionToken verifies with jose),
 * signed with a synchronous HMAC: a few microseconds, where WebCrypto's sign is a job on
 * the thread pool whose hand-off cost the event loop more than the HMAC itself, once per
 * login.
 */
export async function signSessionToken(
  secret: string,
  sessionId: string,
  expiresAt: Date,
  issuedAt: Date = new Date(),
): Promise<string> {
  const claims = {
    sub: sessionId,
    iat: Math.floor(issuedAt.getTime() / 1000),
    exp: Math.floor(expiresAt.getTime() / 1000),
  };
  const input = `${JWS_HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const signature = createHmac('sha256', rawSessionKey(secret)).update(input).digest('base64url');
  return `${input}.${signature}`;
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
