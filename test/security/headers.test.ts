import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePortal, makeTrackingDomain } from '../../bff/src/testing/fixtures.js';
import { createTestContext, type TestContext, testConfig } from '../../bff/src/testing/harness.js';
import { builtWidget, cspDirectives } from '../../bff/src/testing/portal-page.js';
import {
  createShopperTestContext,
  makeSalvage,
  makeSubscription,
  makeTrial,
  type Shopper,
  type ShopperTestContext,
} from '../../bff/src/testing/shopper-harness.js';
import { adminEndpoints, fill, params, shopperEndpoints } from './lib/routes.js';

function expectApiHeaders(res: Response, label: string) {
  expect(res.headers.get('content-type'), label).toMatch(/^application\/json/);
  expect(res.headers.get('cache-control'), label).toBe('no-store');
  expect(res.headers.get('x-content-type-options'), label).toBe('nosniff');
}

describe('SECURITY 16: Cache-Control no-store and nosniff on every API JSON response', () => {
  let t: ShopperTestContext;
  let shopper: Shopper;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createShopperTestContext();
    shopper = await t.newShopper();
    const card = await t.addCard(shopper);
    ids.card = card.id;
    ids.subscription = (await makeSubscription(t, shopper, { cardId: card.id })).id;
    ids.trial = (await makeTrial(t, shopper)).id;
    ids.salvage = (await makeSalvage(t, shopper)).id;
  });
  afterAll(() => t.close());

  const idFor = (path: string) =>
    path.startsWith('/cards')
      ? ids.card
      : path.startsWith('/subscriptions')
        ? ids.subscription
        : path.startsWith('/trials')
          ? ids.trial
          : ids.salvage;

  it('on every shopper route, with a session and without, success or refusal', async () => {
    const routes = shopperEndpoints(t.app);
    expect(routes.length).toBeGreaterThan(15);
    const statuses = new Set<number>();
    for (const r of routes) {
      // `/logout` last: it ends the session the other requests use.
      if (r.path === '/logout') continue;
      const path = params(r.path).includes('id')
        ? fill(r.path, { id: idFor(r.path) as string })
        : r.path;
      const body = r.method === 'GET' || r.method === 'DELETE' ? undefined : {};
      const withSession = await shopper.req(r.method, path, body, {
        'idempotency-key': `headers-${crypto.randomUUID()}`,
      });
      const anonymous = await shopper.req(r.method, path, body, { cookie: '' });
      for (const [label, res] of [
        [`${r.method} ${path} with session → ${withSession.status}`, withSession],
        [`${r.method} ${path} anonymous → ${anonymous.status}`, anonymous],
      ] as const) {
        expectApiHeaders(res, label);
        statuses.add(res.status);
      }
    }
    const logout = await shopper.req('POST', '/logout', {});
    expectApiHeaders(logout, 'logout');
    expect(logout.status).toBe(200);
    // Successes and several kinds of refusal were all checked.
    for (const s of [200, 400, 401]) expect([...statuses]).toContain(s);
  });

  it('on every admin route, with a key and without', async () => {
    const routes = adminEndpoints(t.app);
    expect(routes.length).toBeGreaterThan(40);
    for (const r of routes) {
      const path = fill(
        r.path,
        Object.fromEntries(params(r.path).map((p) => [p, crypto.randomUUID()])),
      );
      const body = r.method === 'GET' ? undefined : {};
      const withKey = await t.admin(r.method, path, body);
      expectApiHeaders(withKey, `${r.method} ${path} → ${withKey.status}`);
      const noKey = await t.admin(r.method, path, body, 'not-a-key');
      expect(noKey.status).toBe(401);
      expectApiHeaders(noKey, `${r.method} ${path} without a key`);
    }
    expectApiHeaders(await t.admin('GET', '/campaigns'), 'list');
  });

  it('on refusals made before any route: unknown API path, oversized body, CORS preflight', async () => {
    expectApiHeaders(await t.app.request('/api/nothing-here'), 'unknown api path');
    const big = await t.admin('POST', '/campaigns', { name: 'x'.repeat(300 * 1024) });
    expect(big.status).toBe(413);
    expectApiHeaders(big, 'payload too large');
    const unknownPortal = await t.app.request(`/api/portals/${crypto.randomUUID()}/config`);
    expect(unknownPortal.status).toBe(404);
    expectApiHeaders(unknownPortal, 'unknown portal');
    const preflight = await t.app.request(`/api/portals/${shopper.portalId}/login`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('cache-control')).toBe('no-store');
    expect(preflight.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

const HOST = 'portal.headers.example';

describe('SECURITY 16: portal page headers', () => {
  let prod: TestContext;
  let dev: TestContext;
  let prodPortal: string;
  let devPortal: string;

  beforeAll(async () => {
    const widget = builtWidget();
    prod = await createTestContext({
      config: testConfig({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
        WIDGET_DIST_DIR: widget,
      }),
    });
    dev = await createTestContext({ config: testConfig({ WIDGET_DIST_DIR: widget }) });
    for (const [ctx, set] of [
      [prod, (id: string) => (prodPortal = id)],
      [dev, (id: string) => (devPortal = id)],
    ] as const) {
      const domain = await makeTrackingDomain(ctx.handle.db, ctx.account.id, { hostname: HOST });
      // No allowed origins: the default is the tracking domain's own site over https.
      set((await makePortal(ctx.handle.db, ctx.account.id, { trackingDomainId: domain.id })).id);
    }
  });
  afterAll(async () => {
    await prod.close();
    await dev.close();
  });

  it('sends the CSP as a header: default frame-ancestors exactly the tracking domain, nonce scripts, no objects, no base', async () => {
    const res = await prod.app.request(`https://${HOST}/p/${prodPortal}`);
    expect(res.status).toBe(200);
    const csp = cspDirectives(res);
    expect(csp.get('frame-ancestors')).toEqual([`https://${HOST}`]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    const scriptSrc = csp.get('script-src') ?? [];
    const nonce = /^'nonce-([A-Za-z0-9+/=]+)'$/.exec(scriptSrc[0] ?? '')?.[1];
    expect(nonce, 'script-src starts with a nonce').toBeDefined();
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    expect(scriptSrc).not.toContain('*');
    // Every script element of the page carries that nonce; no inline handler attributes.
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    // Not a meta tag: frame-ancestors is ignored there.
    expect(html).not.toMatch(/http-equiv=["']?content-security-policy/i);
  });

  it('sends HSTS, nosniff, Referrer-Policy no-referrer and no-store in production', async () => {
    const res = await prod.app.request(`https://${HOST}/p/${prodPortal}`);
    expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=(\d+)/);
    const maxAge = Number(
      /max-age=(\d+)/.exec(res.headers.get('strict-transport-security') ?? '')?.[1],
    );
    expect(maxAge, 'at least a year').toBeGreaterThanOrEqual(31_536_000);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('sends HSTS over https outside production too, and never over plain http', async () => {
    const https = await dev.app.request(`https://${HOST}/p/${devPortal}`);
    expect(https.status).toBe(200);
    expect(https.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
    const http = await dev.app.request(`http://localhost/p/${devPortal}`);
    expect(http.status).toBe(200);
    expect(http.headers.get('strict-transport-security')).toBeNull();
    expect(http.headers.get('referrer-policy')).toBe('no-referrer');
    expect(http.headers.get('x-content-type-options')).toBe('nosniff');
    // The dev storefronts are added outside production, and nothing else.
    expect(cspDirectives(http).get('frame-ancestors')).toEqual([
      `https://${HOST}`,
      ...dev.deps.config.devHosts.map((h) => `http://${h}:${dev.deps.config.port}`),
    ]);
  });
});
