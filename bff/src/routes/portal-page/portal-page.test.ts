import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_IDS, seedDemo } from '@portico/db';
import type { PortalBoot } from '@portico/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePortal, makeTrackingDomain } from '../../testing/fixtures.js';
import { createTestContext, type TestContext, testConfig } from '../../testing/harness.js';
import { builtWidget, cspDirectives } from '../../testing/portal-page.js';

const HOST = 'portal.brand.example';
const STOREFRONT = 'https://www.brand.example';

const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
};

/** The page's boot data block, parsed. */
function bootOf(html: string): PortalBoot {
  const json =
    /<script type="application\/json" id="portico-boot" nonce="[^"]+">([^<]*)<\/script>/.exec(
      html,
    )?.[1];
  expect(json, 'boot data block').toBeDefined();
  return JSON.parse(json as string) as PortalBoot;
}

describe('portal page in production', () => {
  let t: TestContext;
  let domainId: string;
  let portalId: string;
  let disabledId: string;
  let unreadyId: string;

  beforeAll(async () => {
    t = await createTestContext({
      config: testConfig({ ...PRODUCTION, WIDGET_DIST_DIR: builtWidget() }),
    });
    const db = t.handle.db;
    const domain = await makeTrackingDomain(db, t.account.id, { hostname: HOST });
    domainId = domain.id;
    portalId = (
      await makePortal(db, t.account.id, {
        trackingDomainId: domain.id,
        allowedOrigins: [STOREFRONT],
      })
    ).id;
    disabledId = (
      await makePortal(db, t.account.id, { trackingDomainId: domain.id, enabled: false })
    ).id;
    const unready = await makeTrackingDomain(db, t.account.id, {
      hostname: 'pending.brand.example',
      ready: false,
    });
    unreadyId = (await makePortal(db, t.account.id, { trackingDomainId: unready.id })).id;
  });
  afterAll(() => t.close());

  const page = (id: string, host = HOST, query = '', headers: Record<string, string> = {}) =>
    t.app.request(`https://${host}/p/${id}${query}`, { headers });

  it('answers 200 with every security header', async () => {
    const res = await page(portalId);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('strict-transport-security'), 'HSTS').toBe(
      'max-age=63072000; includeSubDomains',
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control'), 'a nonce page is never cached').toBe('no-store');
    const csp = cspDirectives(res);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual([
      expect.stringMatching(/^'nonce-[A-Za-z0-9+/]{24}'$/),
      "'strict-dynamic'",
      'https://www.google.com/recaptcha/',
      'https://www.gstatic.com/recaptcha/',
    ]);
    expect(csp.get('frame-src'), 'gateway card fields and reCAPTCHA').toEqual([
      `https://${HOST}:8788`,
      'https://www.google.com/recaptcha/',
      'https://recaptcha.google.com/recaptcha/',
    ]);
  });

  it('lists exactly the tracking domain and the allowed origins in frame-ancestors', async () => {
    const csp = cspDirectives(await page(portalId));
    expect(csp.get('frame-ancestors')).toEqual([`https://${HOST}`, STOREFRONT]);
  });

  it('uses a fresh nonce that matches the script tag', async () => {
    const first = await page(portalId);
    const second = await page(portalId);
    const nonceOf = (res: Response) =>
      /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1];
    const html = await first.text();
    const scriptNonce =
      /<script type="module" nonce="([^"]+)" src="\/widget\/portal-page\.js">/.exec(html)?.[1];
    expect(scriptNonce).toBeDefined();
    expect(scriptNonce).toBe(nonceOf(first));
    expect(nonceOf(second)).not.toBe(nonceOf(first));
    expect(html).toContain(`<portico-portal portal-id="${portalId}" api-base=""`);
  });

  it('preloads widget.js, which the entry imports, with the same nonce', async () => {
    const res = await page(portalId);
    const html = await res.text();
    const nonce = /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1];
    expect(html).toContain(`<link rel="modulepreload" nonce="${nonce}" href="/widget/widget.js">`);
  });

  it('inlines exactly the public config the config endpoint answers, and no secret', async () => {
    const html = await (await page(portalId)).text();
    const boot = bootOf(html);
    const api = await t.app.request(`https://${HOST}/api/portals/${portalId}/config`);
    expect(api.status).toBe(200);
    expect(boot.config, 'same as GET …/config').toEqual(await api.json());
    expect(html).toContain(
      `<portico-portal portal-id="${portalId}" api-base="" data-mode="iframe" boot-data="portico-boot"`,
    );
    const record = await t.handle.db
      .selectFrom('portals')
      .select(['recaptcha_secret_key', 'smtp_profile_id'])
      .where('id', '=', portalId)
      .executeTakeFirstOrThrow();
    expect(html, 'reCAPTCHA secret').not.toContain(record.recaptcha_secret_key);
    expect(html, 'SMTP profile').not.toContain(record.smtp_profile_id);
    expect(html).not.toMatch(/secret|smtp|confirmation_email|campaign_ids/i);
  });

  it('says signed out only when the request carries no session cookie', async () => {
    expect(bootOf(await (await page(portalId)).text()).signed_out, 'no cookie').toBe(true);
    const withCookie = await page(portalId, HOST, '', {
      cookie: '__Host-portico_session=some-token',
    });
    expect(bootOf(await withCookie.text()).signed_out, 'session cookie').toBe(false);
    const otherCookie = await page(portalId, HOST, '', { cookie: 'portico_session=x; theme=dark' });
    expect(bootOf(await otherCookie.text()).signed_out, 'not the https cookie').toBe(true);
  });

  it('escapes portal text in the boot data so it cannot end the element', async () => {
    const nasty = '</script><script>alert(1)</script><!-- \u2028\u2029 & </SCRIPT >';
    const id = (
      await makePortal(t.handle.db, t.account.id, { trackingDomainId: domainId, name: nasty })
    ).id;
    const html = await (await page(id)).text();
    expect(html.match(/<\/script/gi), 'the data block and the entry script only').toHaveLength(2);
    expect(html).not.toContain('<script>alert(1)');
    const block = /id="portico-boot" nonce="[^"]+">([^<]*)</.exec(html)?.[1];
    expect(block, 'line separators escaped too').not.toMatch(/[\u2028\u2029]/);
    expect(bootOf(html).config.display_name, 'parses back').toBe(nasty);
  });

  it('echoes embed_origin only when it is an allowed origin', async () => {
    const ok = await (await page(portalId, HOST, `?embed_origin=${STOREFRONT}`)).text();
    expect(ok).toContain(`data-embed-origin="${STOREFRONT}"`);
    expect(ok).toContain(`<body data-portal-id="${portalId}" data-parent-origin="${STOREFRONT}">`);
    const viaEmbedJs = await (await page(portalId, HOST, `?origin=${STOREFRONT}`)).text();
    expect(viaEmbedJs, 'the name embed.js uses').toContain(`data-parent-origin="${STOREFRONT}"`);
    for (const bad of [
      'https://evil.example',
      `${STOREFRONT}.evil.example`,
      'null',
      '"><script>alert(1)</script>',
    ]) {
      const q = encodeURIComponent(bad);
      const html = [
        await (await page(portalId, HOST, `?embed_origin=${q}`)).text(),
        await (await page(portalId, HOST, `?origin=${q}`)).text(),
      ].join('\n');
      expect(html, bad).not.toContain('data-embed-origin');
      expect(html, bad).not.toContain('data-parent-origin');
      expect(html, bad).not.toContain('evil');
      expect(html, bad).not.toContain('alert(1)');
    }
  });

  it('answers 404 for an unknown or malformed portal, a wrong host, a dev host, a disabled portal and an unready domain', async () => {
    const cases: [string, string][] = [
      ['unknown portal', '00000000-0000-4000-8000-000000000000'],
      ['malformed id', 'not-a-uuid'],
      ['disabled portal', disabledId],
      ['unready tracking domain', unreadyId],
    ];
    for (const [label, id] of cases) {
      expect((await page(id)).status, label).toBe(404);
    }
    expect((await page(portalId, 'other.brand.example')).status, 'wrong host').toBe(404);
    expect((await page(portalId, 'localhost')).status, 'dev host in production').toBe(404);
    expect((await page(unreadyId, 'pending.brand.example')).status).toBe(404);
  });
});

describe('portal page in development', () => {
  let t: TestContext;

  beforeAll(async () => {
    t = await createTestContext({
      config: testConfig({ WIDGET_DIST_DIR: join(tmpdir(), 'portico-no-such-build') }),
    });
    await seedDemo(t.handle.db);
  });
  afterAll(() => t.close());

  it('serves the demo portal on a dev host and adds the dev storefront origins', async () => {
    const res = await t.app.request(`http://localhost:8787/p/${DEMO_IDS.portalBrandA}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('strict-transport-security'), 'no HSTS over plain http').toBeNull();
    expect(cspDirectives(res).get('frame-ancestors')).toEqual([
      'https://portal-a.demo.localhost',
      'https://www.goldboxclub.example',
      'http://localhost:8787',
      'http://127.0.0.1:8787',
    ]);
  });

  it("serves it on the portal's own tracking domain too, but not on another portal's", async () => {
    const own = await t.app.request(
      `http://portal-b.demo.localhost:8787/p/${DEMO_IDS.portalBrandB}`,
    );
    expect(own.status).toBe(200);
    const other = await t.app.request(
      `http://portal-a.demo.localhost:8787/p/${DEMO_IDS.portalBrandB}`,
    );
    expect(other.status).toBe(404);
  });

  it('explains that the widget is not built instead of loading a missing script', async () => {
    const res = await t.app.request(`http://localhost/p/${DEMO_IDS.portalBrandA}`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain('The Portico widget has not been built yet');
    expect(html).not.toContain('<script');
    expect(html, 'nothing to boot').not.toContain('boot-data');
    expect(html).not.toContain('modulepreload');
  });
});
