/// <reference lib="dom" />
// Functions here run inside the browser (page.evaluate, addInitScript): they need DOM types.
import { DEMO_IDS, DEMO_PASSWORD } from '@portico/db';
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { afterEach, describe, expect, test } from 'vitest';
import { hasPostgres } from '../lib/database.js';
import { expectHeading, logIn, openBrandA, portalIsLive } from '../lib/portal.js';
import { screens, screenshotOnFailure } from '../lib/screens.js';
import { journeySuite } from '../lib/suite.js';

const SHOPPER = 'ava.thompson@example.com';
const UI_TIMEOUT = 30_000;

/**
 * Journey 5: the portal page ships its login screen already rendered (declarative shadow
 * DOM, decision 0012). It shows while widget.js is held back, under the page's CSP, and
 * when widget.js arrives the live login takes over what the shopper typed, where the focus
 * was, and a submit or link sent meanwhile. A signed-in load never shows a login first.
 */
describe.skipIf(!hasPostgres)('journey 5: the prerendered login', () => {
  const suite = journeySuite();
  const contexts: BrowserContext[] = [];

  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
  });

  /** A fresh context whose every frame records CSP violations in `__csp`. */
  async function freshContext(): Promise<BrowserContext> {
    const context = await suite.browser.newContext({ viewport: { width: 1100, height: 900 } });
    contexts.push(context);
    await context.addInitScript(() => {
      const w = globalThis as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    return context;
  }

  /** Holds every request for widget.js (the preload and the entry's import) until released. */
  async function holdWidget(context: BrowserContext) {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const held: string[] = [];
    await context.route('**/widget/widget.js', async (route) => {
      held.push(route.request().url());
      await gate;
      await route.continue().catch(() => {});
    });
    return { release, held };
  }

  async function portalFrame(page: Page): Promise<Frame> {
    for (let i = 0; i < 300; i++) {
      const frame = page.frames().find((f) => f.url().includes(`/p/${DEMO_IDS.portalBrandA}`));
      if (frame) return frame;
      await page.waitForTimeout(50);
    }
    throw new Error('the Brand A portal frame did not appear');
  }

  /** Opens the storefront with widget.js held; resolves once the prerendered form shows. */
  async function openHeld(context: BrowserContext) {
    const hold = await holdWidget(context);
    const page = await context.newPage();
    screenshotOnFailure(page, 'journey-5-failures');
    // Not until 'load': the held module script holds DOMContentLoaded and load back.
    await page.goto(`${suite.bff.origin}/examples/brand-a/`, { waitUntil: 'commit' });
    const frame = await portalFrame(page);
    await frame.locator('portico-login input[name=email]').waitFor({ timeout: UI_TIMEOUT });
    return { ...hold, page, frame };
  }

  const live = (frame: Frame) => frame.evaluate(portalIsLive);
  const cspViolations = (frame: Frame) =>
    frame.evaluate(() => (globalThis as unknown as { __csp: string[] }).__csp);

  test('the login screen shows, styled and labelled, before widget.js has loaded', async () => {
    const shot = screens('journey-5-prerendered');
    const context = await freshContext();
    const { page, frame, release, held } = await openHeld(context);

    expect(held.length, 'widget.js asked for, and held').toBeGreaterThan(0);
    expect(await live(frame), 'no live element yet').toBe(false);
    expect(
      await frame.evaluate(() => customElements.get('portico-login')),
      'not even defined',
    ).toBeUndefined();
    // Nested as the live elements nest: portal shadow root → login shadow root → form.
    const shape = await frame.evaluate(() => {
      const portal = document.querySelector('portico-portal');
      const login = portal?.shadowRoot?.querySelector('main portico-login[data-screen]');
      const root = login?.shadowRoot;
      const input = root?.querySelector('input[name=email]');
      return {
        title: portal?.shadowRoot?.querySelector('h1')?.textContent,
        heading: root?.querySelector('h2')?.textContent,
        fields: Array.from(root?.querySelectorAll('form input') ?? [], (i) =>
          i.getAttribute('name'),
        ),
        // The element styles applied: the input has the widget's border radius, not the UA's.
        radius: input ? getComputedStyle(input).borderRadius : '',
      };
    });
    expect(shape.title, 'the portal name').toBe('Gold Box Club');
    expect(shape.heading).toBe('Log in');
    expect(shape.fields).toEqual(['email', 'password']);
    expect(shape.radius, 'styled by the widget').not.toBe('0px');
    await expect.poll(() => frame.getByRole('button', { name: 'Log in' }).isVisible()).toBe(true);
    expect(await cspViolations(frame), 'the prerender needs nothing the CSP refuses').toEqual([]);
    await shot(page, frame, 'prerendered');
    const prerendered = await page.screenshot();

    release();
    await frame.waitForFunction(portalIsLive, null, { timeout: UI_TIMEOUT });
    expect(
      await frame.evaluate(
        () =>
          document.querySelector('portico-portal')?.shadowRoot?.querySelectorAll('portico-login')
            .length,
      ),
      'one login: the prerendered one gave way',
    ).toBe(1);
    expect(await cspViolations(frame)).toEqual([]);
    expect(
      (await page.screenshot()).equals(prerendered),
      'the live login looks exactly like the prerendered one, pixel for pixel',
    ).toBe(true);
    await shot(page, frame, 'live');
  });

  test('what the shopper typed, and the focus, carry over to the live login', async () => {
    const context = await freshContext();
    const { frame, release } = await openHeld(context);
    await frame.locator('portico-login input[name=email]').fill(SHOPPER);
    await frame.locator('portico-login input[name=password]').fill('typed-before-js');
    // Mark the prerendered element, to tell it from the live one later.
    await frame.evaluate(() => {
      const login = document
        .querySelector('portico-portal')
        ?.shadowRoot?.querySelector('portico-login');
      login?.setAttribute('data-test-prerendered', '');
    });
    expect(await live(frame)).toBe(false);

    release();
    await frame.waitForFunction(portalIsLive, null, { timeout: UI_TIMEOUT });
    const after = await frame.evaluate(() => {
      const login = document
        .querySelector('portico-portal')
        ?.shadowRoot?.querySelector('portico-login');
      const root = login?.shadowRoot;
      const value = (name: string) =>
        root?.querySelector<HTMLInputElement>(`input[name=${name}]`)?.value;
      return {
        prerendered: login?.hasAttribute('data-test-prerendered'),
        email: value('email'),
        password: value('password'),
        focus: (root?.activeElement as HTMLInputElement | null)?.name ?? null,
      };
    });
    expect(after, 'the live login, with the input').toEqual({
      prerendered: false,
      email: SHOPPER,
      password: 'typed-before-js',
      focus: 'password',
    });
    // It is the live form: a keystroke goes on from where the shopper was.
    await frame.locator('portico-login input[name=password]').press('End');
    await frame.locator('portico-login input[name=password]').pressSequentially('!');
    expect(await frame.locator('portico-login input[name=password]').inputValue()).toBe(
      'typed-before-js!',
    );
  });

  test('a submit sent before widget.js loads logs in once it has, and never puts the password in a URL', async () => {
    const context = await freshContext();
    const { page, frame, release } = await openHeld(context);
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    const frameUrl = frame.url();
    await frame.locator('portico-login input[name=email]').fill(SHOPPER);
    await frame.locator('portico-login input[name=password]').fill(DEMO_PASSWORD);
    await frame.locator('portico-login input[name=password]').press('Enter');
    await page.waitForTimeout(300);
    expect(frame.url(), 'no native submit').toBe(frameUrl);
    expect(await live(frame)).toBe(false);

    release();
    await expectHeading(
      { page, ui: page.frameLocator('#portico-portal iframe'), doc: frame },
      /^Welcome/,
    );
    expect(
      urls.filter((u) => u.includes(DEMO_PASSWORD)),
      'password in no URL',
    ).toEqual([]);
    expect(urls.filter((u) => u.endsWith('/login')).length, 'one login request').toBe(1);
  });

  test('a link followed before widget.js loads opens its screen once it has', async () => {
    const context = await freshContext();
    const { page, frame, release } = await openHeld(context);
    await frame.locator('portico-login input[name=email]').fill(SHOPPER);
    await frame.getByRole('button', { name: 'Forgot your password?' }).click();
    release();
    const view = { page, ui: page.frameLocator('#portico-portal iframe'), doc: frame };
    await expectHeading(view, 'Reset your password');
    expect(await view.ui.getByLabel('Email').inputValue(), 'the email came along').toBe(SHOPPER);
  });

  test('a signed-in load shows no login, not even for a frame', async () => {
    const context = await freshContext();
    const first = await context.newPage();
    const view = await openBrandA(first, suite.bff.origin);
    await logIn(view, SHOPPER, DEMO_PASSWORD);
    await first.close();

    // Every frame of the next load notes whether a login form was ever on the page.
    await context.addInitScript(() => {
      const w = globalThis as unknown as { __sawLogin: boolean };
      w.__sawLogin = false;
      const look = () => {
        const login = document
          .querySelector('portico-portal')
          ?.shadowRoot?.querySelector('portico-login');
        if (login) w.__sawLogin = true;
        requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    });
    const hold = await holdWidget(context);
    const page = await context.newPage();
    const portalPage = page.waitForResponse((r) => r.url().includes(`/p/${DEMO_IDS.portalBrandA}`));
    await page.goto(`${suite.bff.origin}/examples/brand-a/`, { waitUntil: 'commit' });
    const body = await (await portalPage).text();
    expect(body, 'the page knew of the session').toContain('"signed_out":false');
    expect(body, 'no prerender in a signed-in page').not.toContain('shadowrootmode');
    const frame = await portalFrame(page);
    // Parsed past the portal element (the boot data follows it).
    await frame.locator('#portico-boot').waitFor({ state: 'attached', timeout: UI_TIMEOUT });
    expect(
      await frame.evaluate(() => document.querySelector('portico-portal')?.shadowRoot ?? null),
      'nothing rendered until the widget runs',
    ).toBeNull();
    hold.release();
    await expectHeading(
      { page, ui: page.frameLocator('#portico-portal iframe'), doc: frame },
      /^Welcome/,
    );
    expect(
      await frame.evaluate(() => (globalThis as unknown as { __sawLogin: boolean }).__sawLogin),
      'no login flash',
    ).toBe(false);
  });

  test('a login link does not flash the login screen while widget.js loads', async () => {
    const context = await freshContext();
    const hold = await holdWidget(context);
    const page = await context.newPage();
    const res = await page.goto(
      `${suite.bff.origin}/p/${DEMO_IDS.portalBrandA}#login=tok_not_a_real_token`,
      { waitUntil: 'commit' },
    );
    expect(await res?.text(), 'the page did carry a prerender').toContain('shadowrootmode');
    await page.locator('#portico-boot').waitFor({ state: 'attached', timeout: UI_TIMEOUT });
    expect(
      await page.evaluate(
        () => document.querySelector('portico-portal')?.shadowRoot?.childNodes.length,
      ),
      'removed before it showed',
    ).toBe(0);
    expect(await page.locator('portico-login').count()).toBe(0);
    hold.release();
    await page
      .getByRole('heading', { level: 2, name: 'This link cannot be used' })
      .waitFor({ timeout: UI_TIMEOUT });
  });
});
