import { DEMO_IDS } from '@portico/db';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, test } from 'vitest';
import { hasPostgres } from '../lib/database.js';
import { openBrandA } from '../lib/portal.js';
import { screens } from '../lib/screens.js';
import { type StaticPage, servePage } from '../lib/static-server.js';
import { journeySuite } from '../lib/suite.js';

/**
 * Journey 4: a page on an origin the portal does not allow frames the portal, both with the
 * merchant's snippet and with a bare iframe. CSP frame-ancestors makes the browser refuse
 * it: the frame never shows the portal. The allowed storefront still frames it.
 */
describe.skipIf(!hasPostgres)('journey 4: framing by a foreign origin', () => {
  const suite = journeySuite();
  const sites: StaticPage[] = [];

  afterAll(async () => {
    for (const s of sites) await s.close();
  });

  const portalUrl = () => `${suite.bff.origin}/p/${DEMO_IDS.portalBrandA}`;

  const foreignPages = () => ({
    snippet: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not the merchant</title></head>
<body><main><h1>Someone else's shop</h1><div id="portico-portal"></div>
<script src="${suite.bff.origin}/embed.js" data-portal="${DEMO_IDS.portalBrandA}" async></script></main></body></html>`,
    iframe: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not the merchant</title></head>
<body><main><h1>Someone else's shop</h1>
<iframe id="portal" title="Account" src="${portalUrl()}"></iframe></main></body></html>`,
  });

  async function expectRefused(
    page: Page,
    origin: string,
    shot: ReturnType<typeof screens>,
    step: string,
  ) {
    const refusals: string[] = [];
    page.on('console', (m) => {
      if (/frame-ancestors/.test(m.text())) refusals.push(m.text());
    });
    const portalResponse = page.waitForResponse((r) => r.url().startsWith(portalUrl()));
    await page.goto(origin);
    const res = await portalResponse;
    // The BFF answered the page, with a CSP naming only the allowed embedders...
    const csp = res.headers()['content-security-policy'] ?? '';
    const ancestors = csp.split(';').find((d) => d.trim().startsWith('frame-ancestors')) ?? '';
    expect(ancestors).not.toContain(origin);
    expect(ancestors).toContain(suite.bff.origin);
    // ...and the browser refused to show it inside the foreign page.
    await expect.poll(() => refusals.length, { timeout: 30_000 }).toBeGreaterThan(0);
    expect(refusals[0]).toContain(`Framing '${suite.bff.origin}/'`);
    expect(refusals[0]).toContain('The request has been blocked');
    const frame = page.frames().find((f) => f !== page.mainFrame());
    expect(frame).toBeDefined();
    expect(frame?.url()).not.toContain(`/p/${DEMO_IDS.portalBrandA}`);
    const portalRendered = frame ? await frame.locator('portico-portal').count() : 0;
    expect(portalRendered).toBe(0);
    await shot(page, page, step);
  }

  test('another port on the same host: the snippet and a bare iframe are refused', async () => {
    const shot = screens('journey-4-framing');
    const pages = foreignPages();
    for (const [kind, html] of Object.entries(pages)) {
      const site = await servePage(html, '127.0.0.1');
      sites.push(site);
      const context = await suite.browser.newContext();
      await expectRefused(await context.newPage(), site.origin, shot, `refused-${kind}-other-port`);
      await context.close();
    }
  });

  test('another loopback host on the portal port itself is refused', async () => {
    const shot = screens('journey-4-framing-host');
    const site = await servePage(foreignPages().iframe, '127.0.0.2', suite.bff.port);
    sites.push(site);
    const context = await suite.browser.newContext();
    await expectRefused(await context.newPage(), site.origin, shot, 'refused-other-host');
    await context.close();
  });

  test('the merchant storefront (an allowed origin) frames it', async () => {
    const shot = screens('journey-4-allowed');
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    const view = await openBrandA(page, suite.bff.origin);
    await shot(page, view.doc, 'allowed');
    await context.close();
  });
});
