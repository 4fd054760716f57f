import { BRAND_B_PERMISSIONS, DEMO_IDS, DEMO_PASSWORD } from '@portico/db';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { hasPostgres } from '../lib/database.js';
import {
  expectHeading,
  expectNoneVisible,
  expectText,
  goTo,
  logIn,
  navEntries,
  openBrandB,
} from '../lib/portal.js';
import { screens, screenshotOnFailure } from '../lib/screens.js';
import { journeySuite } from '../lib/suite.js';

/**
 * Journey 3: Brand B's storefront mounts the portal inline with a script tag. Its customer
 * filter (shop "Brand B Store") keeps Brand A's customers out, and its five permissions
 * are all a permitted shopper is offered.
 */
describe.skipIf(!hasPostgres)('journey 3: Brand B (script tag, inline)', () => {
  const suite = journeySuite();

  async function freshPage(): Promise<Page> {
    const context = await suite.browser.newContext({ viewport: { width: 1100, height: 900 } });
    return context.newPage();
  }

  test('a Brand-A-only customer cannot get in, with the right password', async () => {
    const shot = screens('journey-3-refused');
    const page = await freshPage();
    screenshotOnFailure(page, 'journey-3-failures');
    const view = await openBrandB(page, suite.bff.origin);
    await shot(page, view.doc, 'login');
    await view.ui.getByLabel('Email').fill('ava.thompson@example.com');
    await view.ui.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await view.ui.getByRole('button', { name: 'Log in' }).click();
    await expectText(view, 'That email and password do not match. Please try again.');
    await expectHeading(view, 'Log in');
    expect(await view.ui.getByRole('navigation', { name: 'Account sections' }).count()).toBe(0);
    await shot(page, view.doc, 'refused');
    const sessions = await suite.database.db
      .selectFrom('sessions')
      .innerJoin('customers', 'customers.id', 'sessions.customer_id')
      .select('sessions.id')
      .where('customers.email', '=', 'ava.thompson@example.com')
      .execute();
    expect(sessions).toEqual([]);
    await page.context().close();
  });

  test('a permitted customer sees only the actions Brand B allows', async () => {
    const shot = screens('journey-3-permitted');
    const page = await freshPage();
    screenshotOnFailure(page, 'journey-3-failures');
    const view = await openBrandB(page, suite.bff.origin);
    await logIn(view, 'noah.kim@example.com', DEMO_PASSWORD);
    await shot(page, view.doc, 'overview');
    // Every section can be viewed; only the five permitted actions are offered.
    expect(await navEntries(view)).toEqual([
      'Overview',
      'Contact details',
      'Cards',
      'Shipping',
      'Subscriptions',
      'Trials',
      'Payments due',
      'Payment history',
      'Log out',
    ]);

    await goTo(view, 'Cards');
    await shot(page, view.doc, 'cards');
    await expectText(view, /ending in/);
    await view.ui.getByRole('button', { name: 'Add a card' }).waitFor();
    expect(await view.ui.getByRole('button', { name: 'Make default' }).count()).toBeGreaterThan(0);
    await expectNoneVisible(view, ['Remove']);

    await goTo(view, 'Subscriptions');
    await expectText(view, /Status: active/);
    await shot(page, view.doc, 'subscriptions');
    await expectNoneVisible(view, ['Renew now', 'Re-activate', 'Suspend', 'Cancel subscription']);

    await goTo(view, 'Trials');
    await shot(page, view.doc, 'trials');
    await expectNoneVisible(view, ['End trial now and pay', 'Cancel trial']);

    await goTo(view, 'Shipping');
    await shot(page, view.doc, 'shipping');
    await view.ui.getByRole('button', { name: 'Edit' }).first().waitFor();

    // The session answers with exactly Brand B's permissions.
    const account = await page.evaluate(async (url) => {
      const res = await fetch(url, { credentials: 'include' });
      return (await res.json()) as { permissions: string[] };
    }, `${suite.bff.origin}/api/portals/${DEMO_IDS.portalBrandB}/account`);
    expect([...account.permissions].sort()).toEqual([...BRAND_B_PERMISSIONS].sort());
    await page.context().close();
  });

  test('a failed trial expiration is paid from Brand B (a permitted action)', async () => {
    const shot = screens('journey-3-pay');
    const page = await freshPage();
    screenshotOnFailure(page, 'journey-3-failures');
    const view = await openBrandB(page, suite.bff.origin);
    await logIn(view, 'mia.rossi@example.com', DEMO_PASSWORD);
    await goTo(view, 'Payments due');
    await shot(page, view.doc, 'payments-due');
    await view.ui.getByRole('button', { name: /^Pay / }).click();
    await expectText(view, 'Payment received. Thank you!');
    await expectText(view, 'Nothing to pay. Thank you!');
    await shot(page, view.doc, 'paid');
    await page.context().close();
  });

  test('a suspended Brand B subscription offers no re-activate', async () => {
    const shot = screens('journey-3-suspended');
    const page = await freshPage();
    screenshotOnFailure(page, 'journey-3-failures');
    const view = await openBrandB(page, suite.bff.origin);
    await logIn(view, 'ethan.walker@example.com', DEMO_PASSWORD);
    await goTo(view, 'Subscriptions');
    await expectText(view, /Status: suspended/);
    await expectNoneVisible(view, ['Re-activate', 'Cancel subscription']);
    await shot(page, view.doc, 'no-reactivate');
    await page.context().close();
  });
});
