import { expect } from '@open-wc/testing';
import type { ShopperTransaction } from '@portico/shared';
import { sendKeys } from '@web/test-runner-commands';
import {
  click,
  errorReply,
  FakeServer,
  mountScreen,
  PORTAL_ID,
  q,
  settle,
} from '../../testing/fake-api.js';
import type { PorticoHistory } from './history.component.js';
import './define.js';

const TX = {
  paid: '60000000-0000-4000-8000-000000000001',
  failed: '60000000-0000-4000-8000-000000000002',
  older: '60000000-0000-4000-8000-000000000003',
} as const;

function tx(overrides: Partial<ShopperTransaction> & { id: string }): ShopperTransaction {
  return {
    created_at: '2026-11-01T12:00:00Z',
    kind: 'renewal',
    status: 'succeeded',
    amount: 2999,
    currency: 'USD',
    product_name: 'Gold Box',
    card: { brand: 'visa', last4: '4242' },
    receipt_available: true,
    ...overrides,
  };
}

function server() {
  return new FakeServer()
    .on('GET /transactions', {
      status: 200,
      body: {
        data: [
          tx({ id: TX.paid }),
          tx({
            id: TX.failed,
            status: 'failed',
            kind: 'salvage',
            created_at: '2026-10-01T12:00:00Z',
            receipt_available: false,
          }),
        ],
        next_cursor: 'c1',
      },
    })
    .on('GET /transactions?cursor=c1', {
      status: 200,
      body: {
        data: [tx({ id: TX.older, product_name: 'Tea <b>Club</b>', card: null })],
        next_cursor: null,
      },
    });
}

async function mount(s: FakeServer) {
  const el = await mountScreen<PorticoHistory>('portico-history', s);
  await settle(el);
  return el;
}

describe('portico-history', () => {
  it('lists payments newest first with what they paid for and passes axe', async () => {
    const el = await mount(server());
    const items = el.shadowRoot?.querySelectorAll('[data-tx]') ?? [];
    expect(items.length, 'two rows').to.equal(2);
    expect(items[0]?.textContent, 'first').to.contain('Renewal: Gold Box');
    expect(items[0]?.textContent, 'amount').to.contain('$29.99');
    expect(items[0]?.textContent, 'card').to.contain('visa ending in 4242');
    expect(items[0]?.textContent, 'status').to.contain('Paid');
    expect(items[1]?.textContent, 'failed').to.contain('Failed');
    expect(items[1]?.textContent, 'salvage').to.contain('Failed payment settled: Gold Box');
    await expect(el).to.be.accessible();
  });

  it('links a receipt for successful payments only, in a new tab without referrer', async () => {
    const el = await mount(server());
    const links = el.shadowRoot?.querySelectorAll<HTMLAnchorElement>('a[part="receipt"]') ?? [];
    expect(links.length, 'only the paid one').to.equal(1);
    const link = links[0] as HTMLAnchorElement;
    expect(new URL(link.href).pathname, 'href').to.equal(
      `/api/portals/${PORTAL_ID}/transactions/${TX.paid}/receipt`,
    );
    expect(link.target, 'new tab').to.equal('_blank');
    expect(link.rel, 'rel').to.equal('noopener noreferrer');
    expect(link.getAttribute('aria-label'), 'label').to.contain('Receipt for Renewal: Gold Box');
  });

  it('loads older payments on demand, rendering merchant text as text', async () => {
    const s = server();
    const el = await mount(s);
    q<HTMLButtonElement>(el, '[data-action="more"]').focus();
    await sendKeys({ press: 'Enter' });
    await settle(el);
    const items = el.shadowRoot?.querySelectorAll('[data-tx]') ?? [];
    expect(items.length, 'three rows').to.equal(3);
    expect(items[2]?.textContent, 'as text').to.contain('Tea <b>Club</b>');
    expect(el.shadowRoot?.querySelector('b'), 'no markup').to.equal(null);
    expect(el.shadowRoot?.querySelector('[data-action="more"]'), 'no more').to.equal(null);
  });

  it('says so when there are no payments', async () => {
    const s = new FakeServer().on('GET /transactions', {
      status: 200,
      body: { data: [], next_cursor: null },
    });
    const el = await mount(s);
    expect(el.shadowRoot?.textContent, 'empty').to.contain('No payments yet.');
  });

  it('shows an error with a retry, in Spanish too', async () => {
    const s = new FakeServer().on('GET /transactions', errorReply(503, 'service_unavailable'));
    const el = await mount(s);
    expect(q(el, '.message').textContent, 'error').to.contain('busy');
    el.locale = 'es';
    s.on('GET /transactions', {
      status: 200,
      body: { data: [tx({ id: TX.paid })], next_cursor: null },
    });
    click(el, 'retry');
    await settle(el);
    expect(el.shadowRoot?.textContent, 'spanish').to.contain('Renovación: Gold Box');
    expect(el.shadowRoot?.textContent, 'recibo').to.contain('Recibo');
  });

  it('asks to log in again when the session ended', async () => {
    const s = new FakeServer().on('GET /transactions', errorReply(401, 'session_expired'));
    let expired = false;
    const el = document.createElement('portico-history') as PorticoHistory;
    el.addEventListener('portico-session-expired', () => {
      expired = true;
    });
    document.body.append(el);
    el.api = s.api();
    await settle(el);
    expect(expired, 'event').to.equal(true);
    el.remove();
  });
});
