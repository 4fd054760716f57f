import { expect } from '@open-wc/testing';
import {
  click,
  FakeServer,
  IDS,
  makeCharge,
  makeOverview,
  mountScreen,
  q,
  settle,
} from '../../testing/fake-api.js';
import type { PorticoTrials } from './trials.component.js';
import './define.js';

async function mount(server: FakeServer, overview = makeOverview()) {
  return mountScreen<PorticoTrials>('portico-trials', server, { overview });
}

describe('portico-trials', () => {
  it('lists trials and passes axe', async () => {
    const el = await mount(new FakeServer());
    expect(el.shadowRoot?.textContent, 'product').to.contain('Serum Trial');
    expect(el.shadowRoot?.textContent, 'amount').to.contain('$49.00');
    await expect(el).to.be.accessible();
  });

  it('hides actions without permission', async () => {
    const el = await mount(new FakeServer(), makeOverview([]));
    expect(el.shadowRoot?.querySelector('button'), 'no actions').to.equal(null);
  });

  it('expires with an Idempotency-Key and reports a decline', async () => {
    const server = new FakeServer().on(`POST /trials/${IDS.trial1}/expire`, {
      status: 200,
      body: makeCharge({
        status: 'failed',
        amount: 4900,
        decline_code: 'insufficient_funds',
        decline_message: 'Insufficient funds',
      }),
    });
    const el = await mount(server);
    click(el, `expire:${IDS.trial1}`);
    await settle(el);
    const call = server.last('POST', `/trials/${IDS.trial1}/expire`);
    expect(call?.headers['idempotency-key'], 'key').to.be.a('string');
    expect(q(el, '.message').textContent, 'decline').to.contain('Insufficient funds');
  });

  it('confirms before cancelling', async () => {
    const server = new FakeServer().on(`POST /trials/${IDS.trial1}/cancel`, {
      status: 200,
      body: {},
    });
    const el = await mount(server);
    click(el, `ask-cancel:${IDS.trial1}`);
    await el.updateComplete;
    expect(server.calls, 'not yet').to.have.length(0);
    click(el, `cancel:${IDS.trial1}:yes`);
    await settle(el);
    expect(
      server.last('POST', `/trials/${IDS.trial1}/cancel`)?.headers['idempotency-key'],
      'no key for cancel',
    ).to.equal(undefined);
    expect(q(el, '.message').textContent, 'done').to.contain('trial was cancelled');
  });
});
