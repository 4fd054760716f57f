import { expect } from '@open-wc/testing';
import {
  click,
  errorReply,
  FakeServer,
  IDS,
  makeCharge,
  makeOverview,
  mountScreen,
  q,
  settle,
  type,
} from '../../testing/fake-api.js';
import type { PorticoPayments } from './payments.component.js';
import './define.js';

async function mount(server: FakeServer, overview = makeOverview()) {
  return mountScreen<PorticoPayments>('portico-payments', server, { overview });
}

describe('portico-payments', () => {
  it('lists what is due with the default card chosen and passes axe', async () => {
    const el = await mount(new FakeServer());
    expect(el.shadowRoot?.textContent, 'label').to.contain('Renewal of Gold Box');
    expect(q<HTMLSelectElement>(el, 'select').value, 'default card').to.equal(IDS.card1);
    await expect(el).to.be.accessible();
  });

  it('hides paying without salvage_transaction_process', async () => {
    const el = await mount(new FakeServer(), makeOverview([]));
    expect(el.shadowRoot?.querySelector('button'), 'no pay').to.equal(null);
  });

  it('pays with the default card and an Idempotency-Key', async () => {
    const server = new FakeServer().on(`POST /salvage-transactions/${IDS.salvage1}/pay`, {
      status: 200,
      body: makeCharge(),
    });
    const el = await mount(server);
    click(el, `pay:${IDS.salvage1}`);
    await settle(el);
    const call = server.last('POST', `/salvage-transactions/${IDS.salvage1}/pay`);
    expect(call?.body, 'body').to.deep.equal({});
    expect(call?.headers['idempotency-key'], 'key').to.be.a('string');
    expect(q(el, '.message').textContent, 'paid').to.contain('Payment received');
  });

  it('pays with a chosen card; a decline then a new attempt uses a new key', async () => {
    const server = new FakeServer().on(
      `POST /salvage-transactions/${IDS.salvage1}/pay`,
      errorReply(402, 'card_declined'),
    );
    const el = await mount(server);
    type(el, `card:${IDS.salvage1}`, IDS.card2);
    click(el, `pay:${IDS.salvage1}`);
    await settle(el);
    expect(q(el, '.message').textContent, 'declined').to.contain('declined');
    click(el, `pay:${IDS.salvage1}`);
    await settle(el);
    const [a, b] = server.calls;
    expect(a?.body, 'chosen card').to.deep.equal({ card_id: IDS.card2 });
    expect(b?.headers['idempotency-key'], 'new intent after a settled decline').to.not.equal(
      a?.headers['idempotency-key'],
    );
  });

  it('retries a network failure with the same key', async () => {
    let n = 0;
    const server = new FakeServer();
    const api = server.api();
    const el = await mount(server);
    el.api = api;
    server.on(`POST /salvage-transactions/${IDS.salvage1}/pay`, () => {
      n++;
      if (n === 1) throw new TypeError('Failed to fetch');
      return { status: 200, body: makeCharge() };
    });
    click(el, `pay:${IDS.salvage1}`);
    await settle(el);
    expect(q(el, '.message').textContent, 'network').to.contain('could not reach');
    click(el, `pay:${IDS.salvage1}`);
    await settle(el);
    const [a, b] = server.calls;
    expect(b?.headers['idempotency-key'], 'same key').to.equal(a?.headers['idempotency-key']);
  });

  it('asks for a card when there is none', async () => {
    const overview = makeOverview();
    overview.cards = [];
    const el = await mount(new FakeServer(), overview);
    expect(el.shadowRoot?.textContent, 'hint').to.contain('Add a card first');
  });
});
