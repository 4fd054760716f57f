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
import type { PorticoSubscriptions } from './subscriptions.component.js';
import './define.js';

async function mount(server: FakeServer, overview = makeOverview()) {
  return mountScreen<PorticoSubscriptions>('portico-subscriptions', server, { overview });
}

describe('portico-subscriptions', () => {
  it('lists subscriptions with the actions their status allows and passes axe', async () => {
    const el = await mount(new FakeServer());
    expect(
      el.shadowRoot?.querySelector(`[data-action="renew:${IDS.sub1}"]`),
      'renew active',
    ).to.not.equal(null);
    expect(
      el.shadowRoot?.querySelector(`[data-action="activate:${IDS.sub2}"]`),
      'activate suspended',
    ).to.not.equal(null);
    expect(
      el.shadowRoot?.querySelector(`[data-action="activate:${IDS.sub1}"]`),
      'no activate active',
    ).to.equal(null);
    expect(el.shadowRoot?.textContent, 'price').to.contain('$29.99 every 1 month(s)');
    await expect(el).to.be.accessible();
  });

  it('hides what permissions forbid', async () => {
    const el = await mount(new FakeServer(), makeOverview(['subscription_cancel']));
    expect(el.shadowRoot?.querySelector('[data-action^="renew"]'), 'no renew').to.equal(null);
    expect(el.shadowRoot?.querySelector('[data-action^="ask-suspend"]'), 'no suspend').to.equal(
      null,
    );
    expect(el.shadowRoot?.querySelector('[data-action^="activate"]'), 'no activate').to.equal(null);
    expect(
      el.shadowRoot?.querySelector(`[data-action="ask-cancel:${IDS.sub1}"]`),
      'cancel',
    ).to.not.equal(null);
  });

  it('renews with an Idempotency-Key reused when the same intent is retried', async () => {
    let n = 0;
    const server = new FakeServer().on(`POST /subscriptions/${IDS.sub1}/renew`, () =>
      ++n === 1 ? errorReply(503, 'service_unavailable') : { status: 200, body: makeCharge() },
    );
    const el = await mount(server);
    click(el, `renew:${IDS.sub1}`);
    await settle(el);
    expect(q(el, '.message').textContent, 'busy message').to.contain('busy');
    click(el, `renew:${IDS.sub1}`);
    await settle(el);
    const [first, second] = server.calls;
    expect(first?.headers['idempotency-key'], 'has key')
      .to.be.a('string')
      .with.length.greaterThan(8);
    expect(second?.headers['idempotency-key'], 'same key on retry').to.equal(
      first?.headers['idempotency-key'],
    );
    expect(q(el, '.message').textContent, 'renewed').to.contain('renewed');
  });

  it('a double click sends one request', async () => {
    const server = new FakeServer().on(`POST /subscriptions/${IDS.sub1}/renew`, {
      status: 200,
      body: makeCharge(),
    });
    const el = await mount(server);
    const button = q<HTMLButtonElement>(el, `[data-action="renew:${IDS.sub1}"]`);
    button.click();
    button.click();
    await settle(el);
    expect(server.calls, 'one call').to.have.length(1);
  });

  it('confirms before suspending', async () => {
    const server = new FakeServer().on(`POST /subscriptions/${IDS.sub1}/suspend`, {
      status: 200,
      body: {},
    });
    const el = await mount(server);
    click(el, `ask-suspend:${IDS.sub1}`);
    await el.updateComplete;
    expect(server.calls, 'not yet').to.have.length(0);
    click(el, `suspend:${IDS.sub1}:yes`);
    await settle(el);
    expect(server.last('POST', `/subscriptions/${IDS.sub1}/suspend`), 'sent').to.not.equal(
      undefined,
    );
    expect(q(el, '.message').textContent, 'done').to.contain('suspended');
  });

  it('cancels with a reason and comment after confirming', async () => {
    const server = new FakeServer().on(`POST /subscriptions/${IDS.sub1}/cancel`, {
      status: 200,
      body: {},
    });
    const el = await mount(server);
    click(el, `ask-cancel:${IDS.sub1}`);
    await el.updateComplete;
    await expect(el).to.be.accessible();
    type(el, `reason:${IDS.sub1}`, 'not_needed');
    type(el, `comment:${IDS.sub1}`, 'Moving abroad');
    click(el, `cancel:${IDS.sub1}:yes`);
    await settle(el);
    expect(server.last('POST', `/subscriptions/${IDS.sub1}/cancel`)?.body, 'body').to.deep.equal({
      reason: 'not_needed',
      comment: 'Moving abroad',
    });
  });

  it('keeping the subscription sends nothing', async () => {
    const server = new FakeServer();
    const el = await mount(server);
    click(el, `ask-cancel:${IDS.sub1}`);
    await el.updateComplete;
    click(el, `cancel:${IDS.sub1}:no`);
    await el.updateComplete;
    expect(el.shadowRoot?.querySelector('.confirm'), 'closed').to.equal(null);
    expect(server.calls, 'nothing').to.have.length(0);
  });

  it('sends the shopper back to log in when the session has expired', async () => {
    const server = new FakeServer().on(
      `POST /subscriptions/${IDS.sub2}/activate`,
      errorReply(401, 'session_expired'),
    );
    const el = await mount(server);
    let expired = false;
    el.addEventListener('portico-session-expired', () => {
      expired = true;
    });
    click(el, `activate:${IDS.sub2}`);
    await settle(el);
    expect(expired, 'event').to.equal(true);
  });

  it('a click during an unclear in-flight renewal keeps the key for the retry', async () => {
    let release: () => void = () => {};
    let n = 0;
    const server = new FakeServer().on(`POST /subscriptions/${IDS.sub1}/renew`, () => {
      n++;
      if (n > 1) return { status: 200, body: makeCharge() };
      return new Promise((resolve) => {
        release = () => resolve(errorReply(504, 'service_unavailable'));
      });
    });
    const el = await mount(server);
    const button = () => q<HTMLButtonElement>(el, `[data-action="renew:${IDS.sub1}"]`);
    button().click();
    await el.updateComplete;
    expect(button().disabled, 'disabled while in flight').to.equal(true);
    expect(button().textContent?.trim(), 'progress label').to.equal('Working…');
    button().dispatchEvent(new MouseEvent('click'));
    release();
    await settle(el);
    button().click();
    await settle(el);
    expect(server.calls, 'two requests').to.have.length(2);
    expect(server.calls[1]?.headers['idempotency-key'], 'same key').to.equal(
      server.calls[0]?.headers['idempotency-key'],
    );
  });
});
