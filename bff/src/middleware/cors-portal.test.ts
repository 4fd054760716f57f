import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePortal, makeTrackingDomain } from '../testing/fixtures.js';
import { createTestContext, type TestContext, testConfig } from '../testing/harness.js';

const HOST = 'portal.coffee.example';
const STOREFRONT = 'https://www.coffee.example';

describe('CORS for inline mode', () => {
  let t: TestContext;
  let portalId: string;
  let disabledId: string;

  beforeAll(async () => {
    t = await createTestContext();
    const domain = await makeTrackingDomain(t.handle.db, t.account.id, { hostname: HOST });
    portalId = (
      await makePortal(t.handle.db, t.account.id, {
        trackingDomainId: domain.id,
        allowedOrigins: [STOREFRONT],
      })
    ).id;
    disabledId = (
      await makePortal(t.handle.db, t.account.id, {
        trackingDomainId: domain.id,
        allowedOrigins: [STOREFRONT],
        enabled: false,
      })
    ).id;
  });
  afterAll(() => t.close());

  const call = (origin: string | undefined, opts: { host?: string; id?: string } = {}) =>
    t.app.request(`https://${opts.host ?? HOST}/api/portals/${opts.id ?? portalId}/config`, {
      headers: origin ? { origin } : {},
    });

  it('echoes an allowed origin exactly, with credentials and Vary: Origin', async () => {
    for (const origin of [STOREFRONT, `https://${HOST}`, 'http://localhost:8787']) {
      const res = await call(origin);
      expect(res.headers.get('access-control-allow-origin'), origin).toBe(origin);
      expect(res.headers.get('access-control-allow-credentials'), origin).toBe('true');
      expect(res.headers.get('vary'), origin).toMatch(/\bOrigin\b/);
    }
  });

  it('gives null, other origins, look-alikes and a disabled portal no CORS headers', async () => {
    const cases: [string, Response | Promise<Response>][] = [
      ['null', call('null')],
      ['other', call('https://evil.example')],
      ['suffix', call(`${STOREFRONT}.evil.example`)],
      ['http twin', call('http://www.coffee.example')],
      ['upper case', call('https://WWW.coffee.example')],
      ['disabled portal', call(STOREFRONT, { id: disabledId })],
      ['wrong host', call(STOREFRONT, { host: 'other.example' })],
      ['malformed id', call(STOREFRONT, { id: 'x' })],
    ];
    for (const [label, pending] of cases) {
      const res = await pending;
      expect(res.headers.get('access-control-allow-origin'), label).toBeNull();
      expect(res.headers.get('access-control-allow-credentials'), label).toBeNull();
      expect(res.headers.get('vary'), label).toMatch(/\bOrigin\b/);
    }
  });

  it('answers preflights: allowed origins get methods and headers, others nothing', async () => {
    const preflight = (origin: string) =>
      t.app.request(`https://${HOST}/api/portals/${portalId}/login`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type, x-portico-request',
        },
      });
    const ok = await preflight(STOREFRONT);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(STOREFRONT);
    expect(ok.headers.get('access-control-allow-credentials')).toBe('true');
    expect(ok.headers.get('access-control-allow-headers')).toContain('x-portico-request');
    expect(ok.headers.get('access-control-allow-methods')).toContain('POST');
    const denied = await preflight('null');
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
    expect(denied.headers.get('access-control-allow-methods')).toBeNull();
  });

  it('never adds dev origins in production', async () => {
    const prod = await createTestContext({
      config: testConfig({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
      }),
    });
    try {
      const domain = await makeTrackingDomain(prod.handle.db, prod.account.id, { hostname: HOST });
      const portal = await makePortal(prod.handle.db, prod.account.id, {
        trackingDomainId: domain.id,
      });
      const res = await prod.app.request(`https://${HOST}/api/portals/${portal.id}/config`, {
        headers: { origin: 'http://localhost:8787' },
      });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await prod.close();
    }
  });
});
