import { DEMO_PASSWORD } from '@portico/db';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchBrowser } from '../lib/browser.js';
import { hasPostgres, type SuiteDatabase, suiteDatabase } from '../lib/database.js';
import { codeFromMailbox } from '../lib/mailbox.js';
import {
  expectHeading,
  expectText,
  goTo,
  logIn,
  logOut,
  openBrandA,
  type PortalView,
} from '../lib/portal.js';
import { screens, screenshotOnFailure } from '../lib/screens.js';
import { startTopology, type Topology, type TopologyKind } from '../lib/topology.js';

/**
 * Journey 1: Brand A's storefront embeds its portal in an iframe. A new shopper registers
 * and manages cards and shipping; seeded shoppers manage their subscription and trial and
 * pay a failed renewal, all through the UI.
 */
describe.skipIf(!hasPostgres).each<TopologyKind>(['one BFF', 'two BFFs behind round-robin'])(
  'journey 1: Brand A (iframe), %s',
  (kind) => {
    let database: SuiteDatabase;
    let bff: Topology;
    let browser: Browser;
    const journey = (name: string) =>
      `journey-1${kind === 'one BFF' ? '' : '-round-robin'}-${name}`;

    beforeAll(async () => {
      database = await suiteDatabase();
      bff = await startTopology(kind, { DATABASE_URL: database.url, SEED_DEMO: 'true' });
      browser = await launchBrowser();
    });

    afterAll(async () => {
      await browser?.close();
      await bff?.stop();
      await database?.close();
    });

    if (kind !== 'one BFF') {
      afterAll(() => {
        // Both instances served the journeys: every other request went to each.
        const counts = bff.counts();
        console.log('requests per BFF instance:', counts.join(' / '));
        expect(counts).toHaveLength(2);
        for (const n of counts) expect(n).toBeGreaterThan(10);
      });
    }

    async function freshPage(): Promise<Page> {
      const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
      return context.newPage();
    }

    /** Adds a card through the sandbox gateway's own card fields (a nested iframe). */
    async function addCard(
      view: PortalView,
      shot: ReturnType<typeof screens>,
      number: string,
      makeDefault: boolean,
    ) {
      await view.ui.getByRole('button', { name: 'Add a card' }).click();
      const fields = view.ui.frameLocator('iframe[title="Secure card entry"]');
      await fields.getByLabel('Card number').waitFor({ timeout: 30_000 });
      const gatewayFrame = view.page.frames().find((f) => f.url().includes('/card-fields'));
      if (!gatewayFrame) throw new Error('the gateway card fields frame is not on the page');
      await shot(view.page, view.doc, `add-card-${number.slice(-4)}`);
      await shot(view.page, gatewayFrame, `gateway-card-fields-${number.slice(-4)}`);
      await fields.getByLabel('Card number').fill(number);
      await fields.getByLabel('Expiry (MM/YY)').fill(`12/${(new Date().getFullYear() + 3) % 100}`);
      await fields.getByLabel('CVC').fill('123');
      if (makeDefault) await view.ui.getByLabel('Make this my default card').check();
      await fields.getByRole('button', { name: 'Save card' }).click();
      await expectText(view, 'Your card was added.');
    }

    test('a new email registers, confirms, adds cards, sets a default, changes ship-to, logs out and in', async () => {
      const shot = screens(journey('register'));
      const page = await freshPage();
      screenshotOnFailure(page, journey('failures'));
      const view = await openBrandA(page, bff.origin);
      await shot(page, view.doc, 'login');

      const email = `new.shopper.${Date.now()}@example.com`;
      const password = 'a-long-new-password-1';
      await view.ui.getByRole('button', { name: 'Create an account' }).click();
      await expectHeading(view, 'Create an account');
      await view.ui.getByLabel('Email').fill(email);
      await view.ui.getByLabel('Password', { exact: true }).fill(password);
      await view.ui.getByLabel(/First name/).fill('Nina');
      await view.ui.getByLabel(/Last name/).fill('Novak');
      await view.ui.getByLabel('Development captcha — not a real check').check();
      await shot(page, view.doc, 'register');
      const sentAt = new Date();
      await view.ui.getByRole('button', { name: 'Create account' }).click();

      await expectHeading(view, 'Confirm your email');
      await shot(page, view.doc, 'confirm');
      const code = await codeFromMailbox(bff.origin, email, sentAt);
      await view.ui.getByLabel('Six-digit code').fill(code);
      await view.ui.getByRole('button', { name: 'Confirm' }).click();
      await expectHeading(view, 'Welcome, Nina');
      await shot(page, view.doc, 'overview');

      await goTo(view, 'Cards');
      await shot(page, view.doc, 'cards-empty');
      await addCard(view, shot, '4242424242424242', false);
      await shot(page, view.doc, 'card-added');
      await addCard(view, shot, '5555555555554444', false);
      await expectText(view, /mastercard ending in 4444/);
      const mastercard = view.ui.getByRole('listitem').filter({ hasText: 'ending in 4444' });
      await mastercard.getByRole('button', { name: 'Make default' }).click();
      await expectText(view, 'Your default card was changed.');
      await expect.poll(() => mastercard.getByText('Default', { exact: true }).count()).toBe(1);
      await shot(page, view.doc, 'default-set');

      const cards = await database.db
        .selectFrom('customer_cards')
        .innerJoin('customers', 'customers.id', 'customer_cards.customer_id')
        .select(['customer_cards.last4', 'customer_cards.is_default'])
        .where('customers.email', '=', email)
        .execute();
      expect(cards.sort((a, b) => a.last4.localeCompare(b.last4))).toEqual([
        { last4: '4242', is_default: false },
        { last4: '4444', is_default: true },
      ]);

      await goTo(view, 'Shipping');
      await shot(page, view.doc, 'shipping');
      await view.ui.getByRole('button', { name: 'Edit' }).first().click();
      await view.ui.getByLabel('Address line 1').fill('12 Harbour Road');
      await view.ui.getByLabel('City').fill('Portland');
      await view.ui.getByLabel('State or region').fill('OR');
      await view.ui.getByLabel('Postal code').fill('97201');
      await view.ui.getByLabel(/Country code/).fill('US');
      await shot(page, view.doc, 'shipping-form');
      await view.ui.getByRole('button', { name: 'Save' }).click();
      await expectText(view, 'The address was saved.');
      await expectText(view, /12 Harbour Road/);
      await shot(page, view.doc, 'shipping-saved');

      await logOut(view);
      await shot(page, view.doc, 'logged-out');
      await logIn(view, email, password);
      await expectHeading(view, 'Welcome, Nina');
      await shot(page, view.doc, 'logged-in-again');
      await page.context().close();
    });

    test('a seeded shopper suspends and re-activates a subscription and cancels a trial', async () => {
      const shot = screens(journey('subscriptions'));
      const page = await freshPage();
      screenshotOnFailure(page, journey('failures'));
      const view = await openBrandA(page, bff.origin);
      await logIn(view, 'ava.thompson@example.com', DEMO_PASSWORD);
      await shot(page, view.doc, 'overview');

      await goTo(view, 'Subscriptions');
      await shot(page, view.doc, 'subscriptions');
      await view.ui.getByRole('button', { name: 'Suspend' }).click();
      await shot(page, view.doc, 'suspend-confirm');
      await view.ui.getByRole('button', { name: 'Yes, continue' }).click();
      await expectText(view, 'Your subscription was suspended.');
      await expectText(view, 'Status: suspended');
      await shot(page, view.doc, 'suspended');
      await view.ui.getByRole('button', { name: 'Re-activate' }).click();
      await expectText(view, 'Your subscription is active again.');
      await expectText(view, 'Status: active');
      await shot(page, view.doc, 'reactivated');

      await goTo(view, 'Trials');
      await shot(page, view.doc, 'trials');
      await view.ui.getByRole('button', { name: 'Cancel trial' }).click();
      await shot(page, view.doc, 'trial-cancel-confirm');
      await view.ui.getByRole('button', { name: 'Yes, continue' }).click();
      await expectText(view, 'Your trial was cancelled.');
      await shot(page, view.doc, 'trial-cancelled');

      const rows = await database.db
        .selectFrom('subscriptions')
        .innerJoin('customers', 'customers.id', 'subscriptions.customer_id')
        .select('subscriptions.status')
        .where('customers.email', '=', 'ava.thompson@example.com')
        .execute();
      expect(rows.map((r) => r.status)).toEqual(['active']);
      const trials = await database.db
        .selectFrom('trials')
        .innerJoin('customers', 'customers.id', 'trials.customer_id')
        .select('trials.status')
        .where('customers.email', '=', 'ava.thompson@example.com')
        .execute();
      expect(trials.map((r) => r.status)).toEqual(['cancelled']);
      await page.context().close();
    });

    test('a shopper with a failed renewal adds a card and pays it; a double click charges once', async () => {
      const shot = screens(journey('pay'));
      const page = await freshPage();
      screenshotOnFailure(page, journey('failures'));
      const view = await openBrandA(page, bff.origin);
      await logIn(view, 'sofia.garcia@example.com', DEMO_PASSWORD);
      await shot(page, view.doc, 'overview');

      await goTo(view, 'Cards');
      await addCard(view, shot, '4242424242424242', true);
      await shot(page, view.doc, 'card-added');

      await goTo(view, 'Payments due');
      await shot(page, view.doc, 'payments-due');
      const pay = view.ui.getByRole('button', { name: /^Pay \$39\.00/ });
      await pay.dblclick();
      await expectText(view, 'Payment received. Thank you!');
      await expectText(view, 'Nothing to pay. Thank you!');
      await shot(page, view.doc, 'paid');

      const charges = await database.db
        .selectFrom('sandbox_gateway_charges')
        .select(['amount', 'status'])
        .where('description', 'like', '%Gold Box%')
        .execute();
      expect(charges).toEqual([{ amount: 3900, status: 'succeeded' }]);
      const attempts = await database.db
        .selectFrom('transactions')
        .innerJoin('customers', 'customers.id', 'transactions.customer_id')
        .select(['transactions.status', 'transactions.amount'])
        .where('customers.email', '=', 'sofia.garcia@example.com')
        .where('transactions.kind', '=', 'salvage')
        .execute();
      expect(attempts).toEqual([{ status: 'succeeded', amount: 3900 }]);
      await page.context().close();
    });
  },
);
