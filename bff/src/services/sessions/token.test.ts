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
