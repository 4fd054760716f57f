import { describe, expect, it } from 'vitest';
import { readSessionToken, signSessionToken } from './token.js';

const SECRET = 'token-test-secret-token-test-secret-0001';
const OTHER = 'token-test-secret-token-test-secret-0002';

describe('session tokens', () => {
  const now = new Date();
  const inAMinute = new Date(now.getTime() + 60_000);

  it('reads back the session id, the first time and every time after', async () => {
    const token = await signSessionToken(SECRET, 'session-1', inAMinute);
    expect(await readSessionToken(SECRET, token, now)).toBe('session-1');
    expect(await readSessionToken(SECRET, token, now)).toBe('session-1');
  });

  it('refuses a token past its expiry, even one verified before', async () => {
    const token = await signSessionToken(SECRET, 'session-2', inAMinute);
    expect(await readSessionToken(SECRET, token, now)).toBe('session-2');
    const later = new Date(inAMinute.getTime() + 1000);
    expect(await readSessionToken(SECRET, token, later)).toBeUndefined();
    expect(await readSessionToken(SECRET, token, now)).toBe('session-2'); // verified afresh
    const unread = await signSessionToken(SECRET, 'session-3', inAMinute);
    expect(await readSessionToken(SECRET, unread, later)).toBeUndefined();
  });

  it('refuses a tampered token and one signed with another secret', async () => {
    const token = await signSessionToken(SECRET, 'session-4', inAMinute);
    expect(await readSessionToken(SECRET, token, now)).toBe('session-4');
    const [head, body, sig] = token.split('.') as [string, string, string];
    const flipped = `${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await readSessionToken(SECRET, `${head}.${body}.${flipped}`, now)).toBeUndefined();
    expect(await readSessionToken(OTHER, token, now)).toBeUndefined();
    const forged = await signSessionToken(OTHER, 'session-4', inAMinute);
    expect(await readSessionToken(SECRET, forged, now)).toBeUndefined();
  });
});
