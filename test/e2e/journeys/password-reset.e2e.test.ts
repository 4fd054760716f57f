import { DEMO_IDS, DEMO_PASSWORD } from '@portico/db';
import type { BrowserContext } from 'playwright-core';
import { afterAll, describe, expect, test } from 'vitest';
import { hasPostgres } from '../lib/database.js';
import { codeFromMailbox } from '../lib/mailbox.js';
import { expectHeading, expectText, goTo, logIn, logOut, openBrandA } from '../lib/portal.js';
import { screens, screenshotOnFailure } from '../lib/screens.js';
import { journeySuite } from '../lib/suite.js';

/**
 * Journey 2: a shopper who forgot their password resets it from the storefront with the
 * mailed code. A session opened before the reset (another browser) is refused afterwards,
 * the old password no longer works and the new one does.
 */
describe.skipIf(!hasPostgres)('journey 2: password reset', () => {
  const suite = journeySuite();
  const contexts: BrowserContext[] = [];

  afterAll(async () => {
    for (const c of contexts) await c.close();
  });

  async function newPage() {
    const context = await suite.browser.newContext({ viewport: { width: 1100, height: 900 } });
    contexts.push(context);
    return context.newPage();
  }

  test('reset by mailed code; the session opened before it is gone', async () => {
    const shot = screens('journey-2-reset');
    const email = 'liam.patel@example.com';
    const newPassword = 'a-brand-new-password-2';

    // The old session: another browser, logged in before the reset.
    const oldPage = await newPage();
    screenshotOnFailure(oldPage, 'journey-2-reset');
    const oldView = await openBrandA(oldPage, suite.bff.origin);
    await logIn(oldView, email, DEMO_PASSWORD);
    await shot(oldPage, oldView.doc, 'old-session-overview');
    const sessionUrl = `${suite.bff.origin}/api/portals/${DEMO_IDS.portalBrandA}/session`;
    expect((await oldPage.context().request.get(sessionUrl)).status()).toBe(200);

    const page = await newPage();
    const view = await openBrandA(page, suite.bff.origin);
    await view.ui.getByRole('button', { name: 'Forgot your password?' }).click();
    await expectHeading(view, 'Reset your password');
    await view.ui.getByLabel('Email').fill(email);
    await shot(page, view.doc, 'forgot');
    const sentAt = new Date();
    await view.ui.getByRole('button', { name: 'Send code' }).click();
    await expectHeading(view, 'Choose a new password');
    await expectText(view, 'If this email has an account, we sent it a six-digit code.');
    await shot(page, view.doc, 'reset-form');
    const code = await codeFromMailbox(suite.bff.origin, email, sentAt);
    await view.ui.getByLabel('Six-digit code').fill(code);
    await view.ui.getByLabel('New password').fill(newPassword);
    await view.ui.getByRole('button', { name: 'Set password' }).click();
    await expectHeading(view, 'Welcome, Liam');
    await shot(page, view.doc, 'signed-in-after-reset');

    // The old browser's session was revoked: its next request (saving an address) is
    // refused, nothing is written, and the portal sends the shopper back to log in.
    expect((await oldPage.context().request.get(sessionUrl)).status()).toBe(401);
    await goTo(oldView, 'Shipping');
    await oldView.ui.getByRole('button', { name: 'Edit' }).first().click();
    await oldView.ui.getByLabel('Address line 1').fill('1 Stolen Session Way');
    await oldView.ui.getByRole('button', { name: 'Save' }).click();
    await expectHeading(oldView, 'Log in');
    await expectText(oldView, 'Your session has ended. Please log in again.');
    await shot(oldPage, oldView.doc, 'old-session-ended');
    const shipTo = await suite.database.db
      .selectFrom('customers')
      .select('ship_to')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(shipTo.ship_to)).not.toContain('Stolen');

    // The old password is refused there; the new one works.
    await oldView.ui.getByLabel('Email').fill(email);
    await oldView.ui.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await oldView.ui.getByRole('button', { name: 'Log in' }).click();
    await expectText(oldView, 'That email and password do not match. Please try again.');
    await shot(oldPage, oldView.doc, 'old-password-refused');
    await logIn(oldView, email, newPassword, 'Shipping');
    await goTo(oldView, 'Subscriptions');
    await logOut(oldView);

    // Exactly one session is still live: the one the reset itself opened.
    const live = await suite.database.db
      .selectFrom('sessions')
      .innerJoin('customers', 'customers.id', 'sessions.customer_id')
      .select('sessions.id')
      .where('customers.email', '=', email)
      .where('sessions.revoked_at', 'is', null)
      .execute();
    expect(live).toHaveLength(1);
  });
});
