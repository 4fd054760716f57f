/// <reference lib="dom" />
// portalIsLive runs inside the portal frame (frame.waitForFunction): it needs DOM types.
import { DEMO_IDS } from '@portico/db';
import type { Frame, FrameLocator, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * The portal as a shopper meets it on an example storefront: `ui` finds elements (inside
 * the portal's iframe, or in the page for the inline embed) and `doc` is the document that
 * shows them, where axe-core runs.
 */
export interface PortalView {
  page: Page;
  ui: Page | FrameLocator;
  doc: Page | Frame;
}

const UI_TIMEOUT = 30_000;

/**
 * Opens Brand A's storefront (iframe embed) and waits for the live portal to show a screen.
 * A signed-out load paints a prerendered login first (decision 0012); the journeys act on
 * the live one (prerendered-login.e2e.test.ts covers acting before it).
 */
export async function openBrandA(page: Page, origin: string): Promise<PortalView> {
  await page.goto(`${origin}/examples/brand-a/`);
  const ui = page.frameLocator('#portico-portal iframe');
  await ui.getByRole('heading', { level: 2 }).first().waitFor({ timeout: UI_TIMEOUT });
  const frame = page.frames().find((f) => f.url().includes(`/p/${DEMO_IDS.portalBrandA}`));
  if (!frame) throw new Error('the Brand A portal frame is not on the page');
  await frame.waitForFunction(portalIsLive, null, { timeout: UI_TIMEOUT });
  await ui.getByRole('heading', { level: 2 }).first().waitFor({ timeout: UI_TIMEOUT });
  return { page, ui, doc: frame };
}

/**
 * In the portal's document: the live `<portico-portal>` has rendered, and so has its screen.
 * Before widget.js runs, a prerendered login is on show but neither element has upgraded.
 */
export function portalIsLive(): boolean {
  type Live = Element & { hasUpdated?: boolean };
  const portal = document.querySelector<Live>('portico-portal');
  const screen = portal?.shadowRoot?.querySelector<Live>('[data-screen]');
  return portal?.hasUpdated === true && screen?.hasUpdated === true;
}

/** Opens Brand B's storefront (script tag, inline) and waits for the widget to render. */
export async function openBrandB(page: Page, origin: string): Promise<PortalView> {
  await page.goto(`${origin}/examples/brand-b/`);
  await page.getByRole('heading', { level: 2, name: 'Log in' }).waitFor({ timeout: UI_TIMEOUT });
  return { page, ui: page, doc: page };
}

export function heading(view: PortalView, name: string | RegExp): Locator {
  return view.ui.getByRole('heading', { level: 2, name });
}

export async function expectHeading(view: PortalView, name: string | RegExp): Promise<void> {
  await heading(view, name).waitFor({ timeout: UI_TIMEOUT });
}

/** Waits for text (a result line, a status) to be visible in the portal. */
export async function expectText(view: PortalView, text: string | RegExp): Promise<void> {
  await view.ui.getByText(text).first().waitFor({ timeout: UI_TIMEOUT });
}

/** Logs in; the portal lands on the overview, or on `returnsTo` after a session ended. */
export async function logIn(
  view: PortalView,
  email: string,
  password: string,
  returnsTo: string | RegExp = /^Welcome/,
): Promise<void> {
  await expectHeading(view, 'Log in');
  await view.ui.getByLabel('Email').fill(email);
  await view.ui.getByLabel('Password', { exact: true }).fill(password);
  await view.ui.getByRole('button', { name: 'Log in' }).click();
  await expectHeading(view, returnsTo);
}

export async function goTo(view: PortalView, section: string, title = section): Promise<void> {
  await view.ui
    .getByRole('navigation', { name: 'Account sections' })
    .getByRole('button', { name: section, exact: true })
    .click();
  await expectHeading(view, title);
}

export async function logOut(view: PortalView): Promise<void> {
  await view.ui
    .getByRole('navigation', { name: 'Account sections' })
    .getByRole('button', { name: 'Log out' })
    .click();
  await expectHeading(view, 'Log in');
}

/** The portal's own nav entries, as the shopper sees them. */
export async function navEntries(view: PortalView): Promise<string[]> {
  const nav = view.ui.getByRole('navigation', { name: 'Account sections' });
  await nav.waitFor({ timeout: UI_TIMEOUT });
  const names = await nav.getByRole('button').allInnerTexts();
  return names.map((n) => n.trim()).filter(Boolean);
}

export function expectNoneVisible(view: PortalView, names: readonly string[]) {
  return Promise.all(
    names.map(async (name) =>
      expect(await view.ui.getByRole('button', { name, exact: true }).count(), name).toBe(0),
    ),
  );
}
