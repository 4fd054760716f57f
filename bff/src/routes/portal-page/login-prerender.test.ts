import { prerenderHole } from '@portico/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePortal, makeTrackingDomain } from '../../testing/fixtures.js';
import { createTestContext, type TestContext, testConfig } from '../../testing/harness.js';
import { builtWidget, cspDirectives, fakeLoginPrerender } from '../../testing/portal-page.js';
import { loginPrerenderHtml } from './login-prerender.js';
import { PRERENDER_SCRIPT } from './page-html.js';

const HOST = 'portal.brand.example';
const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
};

/** What `<portico-portal …>` holds, up to its end tag. */
function portalContent(html: string): string {
  const m = /<portico-portal [^>]*>([\s\S]*?)<\/portico-portal>/.exec(html);
  expect(m, 'the portal element').not.toBeNull();
  return m?.[1] ?? '';
}

describe('portal page: the prerendered login (decision 0012)', () => {
  let t: TestContext;
  let domainId: string;
  let portalId: string;

  beforeAll(async () => {
    t = await createTestContext({
      config: testConfig({ ...PRODUCTION, WIDGET_DIST_DIR: builtWidget({ prerender: true }) }),
    });
    domainId = (await makeTrackingDomain(t.handle.db, t.account.id, { hostname: HOST })).id;
    portalId = (await makePortal(t.handle.db, t.account.id, { trackingDomainId: domainId })).id;
  });
  afterAll(() => t.close());

  const page = (id: string, headers: Record<string, string> = {}) =>
    t.app.request(`https://${HOST}/p/${id}`, { headers });

  it('ships the login inside <portico-portal> when signed out, filled with the portal’s text', async () => {
    const res = await page(portalId);
    const html = await res.text();
    const content = portalContent(html);
    expect(content, 'a declarative shadow root').toMatch(/^<template shadowrootmode="open">/);
    expect(content, 'nested login root').toContain(
      '<portico-login data-screen locale="en"><template shadowrootmode="open"><form',
    );
    expect(content, 'name').toContain('<h1 part="title">Brand Portal</h1>');
    expect(content, 'description').toContain('<p part="description">Manage your account</p>');
    expect(content, 'sanitized footer').toContain(
      '<div><p>Questions? <a href="https://brand.example/help" rel="noopener noreferrer" target="_blank">Help</a></p></div>',
    );
    expect(content, 'every hole filled').not.toMatch(/%%PORTICO:/);
    // Before the boot data and the entry script, so it paints before either is read.
    expect(html.indexOf('shadowrootmode')).toBeLessThan(html.indexOf('id="portico-boot"'));
  });

  it('runs only scripts that carry the nonce, and the CSP is the one without a prerender', async () => {
    const res = await page(portalId);
    const html = await res.text();
    const nonce = /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1];
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts, 'prerender script, boot data, entry').toHaveLength(3);
    for (const tag of scripts) expect(tag, tag).toContain(`nonce="${nonce}"`);
    expect(html).toContain(
      `</portico-portal>\n<script nonce="${nonce}">${PRERENDER_SCRIPT}</script>`,
    );
    const csp = cspDirectives(res);
    expect(csp.get('script-src')).toEqual([
      `'nonce-${nonce}'`,
      "'strict-dynamic'",
      'https://www.google.com/recaptcha/',
      'https://www.gstatic.com/recaptcha/',
    ]);
    expect(csp.get('style-src'), 'unchanged: the prerender’s <style> needs no more').toEqual([
      "'self'",
      "'unsafe-inline'",
    ]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
  });

  it('ships no login with a session cookie, so a signed-in load never shows one', async () => {
    const html = await (
      await page(portalId, { cookie: '__Host-portico_session=some-token' })
    ).text();
    expect(portalContent(html)).toBe('');
    expect(html).not.toContain('shadowrootmode');
    expect(html.match(/<script\b/g), 'boot data and entry only').toHaveLength(2);
  });

  it('escapes the merchant’s name and description, and never reads them as holes', async () => {
    const nasty = `</template></portico-portal><script>alert(1)</script><img src=x onerror=alert(2)> & "q" 'a' ${prerenderHole('footer_html')}`;
    const id = (
      await makePortal(t.handle.db, t.account.id, {
        trackingDomainId: domainId,
        name: nasty,
        footerHtml: '<p>Help <script>alert(3)</script><img src=x onerror=alert(4)></p>',
      })
    ).id;
    await t.handle.db
      .updateTable('portals')
      .set({ description: `<b>bold</b> ${prerenderHole('display_name')}` })
      .where('id', '=', id)
      .execute();
    const content = portalContent(await (await page(id)).text());
    expect(content).toContain(
      '<h1 part="title">&lt;/template&gt;&lt;/portico-portal&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; &amp; &quot;q&quot; &#39;a&#39; %%PORTICO:footer_html%%</h1>',
    );
    expect(content).toContain(
      '<p part="description">&lt;b&gt;bold&lt;/b&gt; %%PORTICO:display_name%%</p>',
    );
    expect(content, 'footer sanitized').toContain('<div><p>Help </p></div>');
    expect(content).not.toMatch(/<script|<img|<\/portico-portal|alert\([34]\)/i);
    expect(content.match(/<\/template>/g), 'only the two roots end').toHaveLength(2);
  });

  it('takes the template of the portal’s locale and of the parts it shows', async () => {
    const id = (
      await makePortal(t.handle.db, t.account.id, { trackingDomainId: domainId, footerHtml: '' })
    ).id;
    const variant = async () =>
      /data-variant="([^"]+)"/.exec(portalContent(await (await page(id)).text()))?.[1];
    const lang = async () => /lang="([^"]+)" data-variant/.exec(await (await page(id)).text())?.[1];
    expect(await variant(), 'description, no footer').toBe('description');
    await t.handle.db
      .updateTable('portals')
      .set({ description: null, locale: 'es' })
      .where('id', '=', id)
      .execute();
    expect(await variant()).toBe('plain');
    expect(await lang()).toBe('es');
    await t.handle.db
      .updateTable('portals')
      .set({ footer_html: '<p>Hi</p>' })
      .where('id', '=', id)
      .execute();
    expect(await variant()).toBe('footer');
    await t.handle.db
      .updateTable('portals')
      .set({ description: 'D' })
      .where('id', '=', id)
      .execute();
    expect(await variant()).toBe('description_footer');
  });
});

describe('portal page without a usable prerender', () => {
  for (const [label, prerender] of [
    ['no prerender file', undefined],
    ['a file that does not parse', '{"format":1,'],
    ['a file of another shape', JSON.stringify({ format: 2, locales: {} })],
  ] as const) {
    it(`loads as before with ${label}`, async () => {
      const t = await createTestContext({
        config: testConfig({
          ...PRODUCTION,
          WIDGET_DIST_DIR: builtWidget(prerender === undefined ? {} : { prerender }),
        }),
      });
      try {
        await makeTrackingDomain(t.handle.db, t.account.id, { hostname: HOST }).then((d) =>
          makePortal(t.handle.db, t.account.id, { trackingDomainId: d.id }).then(async (p) => {
            const res = await t.app.request(`https://${HOST}/p/${p.id}`);
            expect(res.status).toBe(200);
            const html = await res.text();
            expect(portalContent(html)).toBe('');
            expect(html).toContain('id="portico-boot"');
          }),
        );
      } finally {
        await t.close();
      }
    });
  }
});

describe('loginPrerenderHtml', () => {
  const prerender = fakeLoginPrerender();
  it('fills each hole once, in one pass', () => {
    const html = loginPrerenderHtml(prerender, 'en', {
      display_name: prerenderHole('description'),
      description: 'x',
      footer_html: null,
    });
    expect(html).toContain(`<h1 part="title">${prerenderHole('description')}</h1>`);
    expect(html).toContain('<p part="description">x</p>');
  });
  it('treats an empty description or footer as none, as the widget does', () => {
    const html = loginPrerenderHtml(prerender, 'en', {
      display_name: 'N',
      description: '',
      footer_html: '',
    });
    expect(html).toContain('data-variant="plain"');
  });
});
