import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { readSessionToken, signSessionToken } from './token.js';

const SECRET = 'token-test-secret-token-test-secret-0123';

describe('session tokens', () => {
  it("are byte for byte what jose's SignJWT makes with the derived key", async () => {
    const issuedAt = new Date('2030-01-02T03:04:05Z');
    const expiresAt = new Date('2030-01-02T15:04:05Z');
    const ours = await signSessionToken(SECRET, 'session-id-1', expiresAt, issuedAt);

    const key = createHmac('sha256', SECRET).update('portico/session-token/v1').digest();
    const jose = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('session-id-1')
      .setIssuedAt(Math.floor(issuedAt.getTime() / 1000))
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(key);

    expect(ours).toBe(jose);
  });

  it('read back until they expire; another secret, a changed byte or alg none never', async () => {
    const now = new Date();
    const expiresAt = new Date(now.getTime() + 60_000);
    const token = await signSessionToken(SECRET, 'session-id-2', expiresAt);

    expect(await readSessionToken(SECRET, token, now)).toBe('session-id-2');
    expect(await readSessionToken(SECRET, token, new Date(now.getTime() + 61_000))).toBe(undefined);
    expect(await readSessionToken(`${SECRET}x`, token, now), 'other secret').toBe(undefined);
    const [header, payload, signature = ''] = token.split('.');
    const flipped = `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    expect(await readSessionToken(SECRET, `${header}.${payload}.${flipped}`, now)).toBe(undefined);
    const none = Buffer.from('{"alg":"none"}').toString('base64url');
    expect(await readSessionToken(SECRET, `${none}.${payload}.`, now), 'alg none').toBe(undefined);
  });
});

const CACHE_SECRET = 'token-test-secret-token-test-secret-0001';
const CACHE_OTHER = 'token-test-secret-token-test-secret-0002';

describe('verified tokens kept', () => {
  const now = new Date();
  const inAMinute = new Date(now.getTime() + 60_000);

  it('reads back the session id, the first time and every time after', async () => {
    const token = await signSessionToken(CACHE_SECRET, 'session-1', inAMinute);
    expect(await readSessionToken(CACHE_SECRET, token, now)).toBe('session-1');
    expect(await readSessionToken(CACHE_SECRET, token, now)).toBe('session-1');
  });

  it('refuses a token past its expiry, even one verified before', async () => {
    const token = await signSessionToken(CACHE_SECRET, 'session-2', inAMinute);
    expect(await readSessionToken(CACHE_SECRET, token, now)).toBe('session-2');
    const later = new Date(inAMinute.getTime() + 1000);
    expect(await readSessionToken(CACHE_SECRET, token, later)).toBeUndefined();
    expect(await readSessionToken(CACHE_SECRET, token, now)).toBe('session-2'); // verified afresh
    const unread = await signSessionToken(CACHE_SECRET, 'session-3', inAMinute);
    expect(await readSessionToken(CACHE_SECRET, unread, later)).toBeUndefined();
  });

  it('refuses a tampered token and one signed with another secret', async () => {
    const token = await signSessionToken(CACHE_SECRET, 'session-4', inAMinute);
    expect(await readSessionToken(CACHE_SECRET, token, now)).toBe('session-4');
    const [head, body, sig] = token.split('.') as [string, string, string];
    const flipped = `${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await readSessionToken(CACHE_SECRET, `${head}.${body}.${flipped}`, now)).toBeUndefined();
    expect(await readSessionToken(CACHE_OTHER, token, now)).toBeUndefined();
    const forged = await signSessionToken(CACHE_OTHER, 'session-4', inAMinute);
    expect(await readSessionToken(CACHE_SECRET, forged, now)).toBeUndefined();
  });
});
