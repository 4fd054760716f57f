import { expect } from '@open-wc/testing';
import '../components/cards/define.js';
import '../components/contact/define.js';
import '../components/payments/define.js';
import '../components/shipping/define.js';
import '../components/trials/define.js';
import {
  click,
  FakeServer,
  IDS,
  makeCharge,
  makeConfig,
  makeOverview,
  mountScreen,
  settle,
  submit,
  type,
} from '../testing/fake-api.js';
import type { ActionDetail } from './events.js';

const TX = '60000000-0000-4000-8000-000000000001';
// Loopback with a closed port: the card-fields frame never reaches a real host.
const GATEWAY = 'http://127.0.0.1:9';

/** Mounts a screen and records what it announces (the root turns these into portico:*). */
async function announced(tag: string, server: FakeServer) {
  const el = await mountScreen<HTMLElement>(tag, server, { overview: makeOverview() });
  const seen: ActionDetail[] = [];
  el.addEventListener('portico-action', (e) => seen.push(e.detail));
  return { el, seen };
}

describe('screens announce successful actions with ids only', () => {
  it('trials: expired (only when charged) and cancelled', async () => {
    let status: 'succeeded' | 'failed' = 'failed';
    const server = new FakeServer()
      .on(`POST /trials/${IDS.trial1}/expire`, () => ({
        status: 200,
        body: makeCharge({ status, transaction_id: TX }),
      }))
      .on(`POST /trials/${IDS.trial1}/cancel`, { status: 200, body: {} });
    const { el, seen } = await announced('portico-trials', server);
    click(el, `expire:${IDS.trial1}`);
    await settle(el);
    expect(seen, 'a decline is no event').to.deep.equal([]);
    status = 'succeeded';
    click(el, `expire:${IDS.trial1}`);
    await settle(el);
    click(el, `ask-cancel:${IDS.trial1}`);
    await settle(el);
    click(el, `cancel:${IDS.trial1}:yes`);
    await settle(el);
    expect(seen).to.deep.equal([
      { name: 'trial-expired', detail: { trial_id: IDS.trial1, transaction_id: TX } },
      { name: 'trial-cancelled', detail: { trial_id: IDS.trial1 } },
    ]);
  });

  it('payments: payment-succeeded with the salvage and transaction ids', async () => {
    const server = new FakeServer().on(`POST /salvage-transactions/${IDS.salvage1}/pay`, {
      status: 200,
      body: makeCharge({ transaction_id: TX }),
    });
    const { el, seen } = await announced('portico-payments', server);
    click(el, `pay:${IDS.salvage1}`);
    await settle(el);
    expect(seen).to.deep.equal([
      {
        name: 'payment-succeeded',
        detail: { salvage_transaction_id: IDS.salvage1, transaction_id: TX },
      },
    ]);
  });

  it('contact and ship-to: no personal data in the detail', async () => {
    const contact = await announced(
      'portico-contact',
      new FakeServer().on('PATCH /account/contact', { status: 200, body: {} }),
    );
    type(contact.el, 'phone', '+34 600 000 000');
    await submit(contact.el);
    expect(contact.seen).to.deep.equal([{ name: 'contact-updated', detail: {} }]);

    const shipping = await announced(
      'portico-shipping',
      new FakeServer().on(`PUT /subscriptions/${IDS.sub2}/ship-to`, { status: 200, body: {} }),
    );
    click(shipping.el, `edit:${IDS.sub2}`);
    await settle(shipping.el);
    type(shipping.el, 'line1', '9 Elm St');
    type(shipping.el, 'city', 'Austin');
    type(shipping.el, 'country', 'US');
    await submit(shipping.el);
    expect(shipping.seen).to.deep.equal([
      { name: 'ship-to-updated', detail: { subscription_id: IDS.sub2 } },
    ]);
  });

  it('cards: added with the new card id, removed', async () => {
    const server = new FakeServer()
      .on('POST /cards', { status: 201, body: { id: IDS.card2 } })
      .on(`DELETE /cards/${IDS.card1}`, { status: 200, body: { data: [] } });
    const el = await mountScreen<HTMLElement>('portico-cards', server, {
      config: makeConfig({ card_fields_url: `${GATEWAY}/card-fields` }),
      overview: makeOverview(),
    });
    const seen: ActionDetail[] = [];
    el.addEventListener('portico-action', (e) => seen.push(e.detail));
    click(el, 'open-add');
    await settle(el);
    const frame = el.shadowRoot?.querySelector('iframe') as HTMLIFrameElement;
    window.dispatchEvent(
      new MessageEvent('message', {
        origin: GATEWAY,
        source: frame.contentWindow,
        data: { type: 'portico:card-token', token: 'tok_good' },
      }),
    );
    await settle(el);
    click(el, `ask-remove:${IDS.card1}`);
    await settle(el);
    click(el, `remove:${IDS.card1}:yes`);
    await settle(el);
    expect(seen).to.deep.equal([
      { name: 'card-added', detail: { card_id: IDS.card2 } },
      { name: 'card-removed', detail: { card_id: IDS.card1 } },
    ]);
  });
});
