import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.js';
import { testConfig } from '../testing/harness.js';
import { GOOD_PASSWORD } from '../testing/shopper.js';
import { shopperContext } from '../testing/shopper-setup.js';
import { pickClientIp } from './client-ip.js';

describe('pickClientIp', () => {
  it('uses the socket without trusted proxies, whatever X-Forwarded-For says', () => {
    expect(pickClientIp('10.0.0.5', '1.2.3.4', 0)).toBe('10.0.0.5');
  });
  it('takes the entry the trusted proxy appended, not the client-supplied ones', () => {
    expect(pickClientIp('10.0.0.5', 'spoofed, 198.51.100.1', 1)).toBe('198.51.100.1');
    expect(pickClientIp('10.0.0.5', 'spoofed, 198.51.100.1, 10.0.0.9', 2)).toBe('198.51.100.1');
    expect(pickClientIp('10.0.0.5', '198.51.100.1', 3)).toBe('198.51.100.1');
    expect(pickClientIp('10.0.0.5', undefined, 1)).toBe('10.0.0.5');
  });
});

/** A real node server, so the address comes from a real socket. */
describe('client IP on a real socket', () => {
  let s: Awaited<ReturnType<typeof shopperContext>>;
  beforeAll(async () => {
    s = await shopperContext();
  });
  afterAll(() => s.t.close());

  async function failLoginThroughServer(hops: number, xff: string) {
    const { clientIp: _ignored, ...deps } = s.t.deps;
    const app = createApp({
      ...deps,
      config: testConfig({ TRUSTED_PROXY_HOPS: String(hops) }),
    });
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    const { port } = server.address() as AddressInfo;
    const origin = `http://127.0.0.1:${port}`;
    const c = await s.registeredCustomer();
    const res = await fetch(`${origin}/api/portals/${s.a.id}/login`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin,
        'x-portico-request': '1',
        'x-forwarded-for': xff,
      },
      body: JSON.stringify({ email: c.email, password: `${GOOD_PASSWORD}!` }),
    });
    await new Promise((r) => server.close(r));
    expect(res.status).toBe(401);
    const rows = await s.db
      .selectFrom('rate_limit_counters')
      .select('key')
      .where('key', 'like', 'login:ip:%')
      .execute();
    return rows.map((r) => r.key);
  }

  it('counts the socket address when no proxy is trusted (X-Forwarded-For ignored)', async () => {
    const keys = await failLoginThroughServer(0, '203.0.113.200');
    expect(keys).toContain('login:ip:127.0.0.1');
    expect(keys.some((k) => k.includes('203.0.113.200'))).toBe(false);
  });

  it('counts the forwarded address through one trusted hop', async () => {
    const keys = await failLoginThroughServer(1, 'evil-spoof, 203.0.113.201');
    expect(keys).toContain('login:ip:203.0.113.201');
    expect(keys.some((k) => k.includes('evil-spoof'))).toBe(false);
  });
});
