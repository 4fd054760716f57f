import { expect } from '@open-wc/testing';
import {
  click,
  errorReply,
  FakeServer,
  IDS,
  makeConfig,
  makeOverview,
  mountScreen,
  q,
  settle,
} from '../../testing/fake-api.js';
import { cardFieldsTarget, readCardToken } from './card-token.js';
import type { PorticoCards } from './cards.component.js';
import './define.js';

const GATEWAY = 'http://127.0.0.1:9';

async function mount(server: FakeServer, overview = makeOverview()) {
  const config = makeConfig({ card_fields_url: `${GATEWAY}/card-fields` });
  return mountScreen<PorticoCards>('portico-cards', server, { config, overview });
}

describe('portico-cards', () => {
  it('lists cards and passes axe', async () => {
    const el = await mount(new FakeServer());
    expect(el.shadowRoot?.querySelectorAll('li.item'), 'cards').to.have.length(2);
    await expect(el).to.be.accessible();
  });

  it('hides actions the portal does not permit', async () => {
    const el = await mount(new FakeServer(), makeOverview([]));
    expect(el.shadowRoot?.querySelector('[data-action^="ask-remove"]'), 'no remove').to.equal(null);
    expect(el.shadowRoot?.querySelector('[data-action^="default"]'), 'no default').to.equal(null);
    expect(el.shadowRoot?.querySelector('[data-action="open-add"]'), 'no add').to.equal(null);
  });

  it('sets a default card', async () => {
    const server = new FakeServer().on(`POST /cards/${IDS.card2}/default`, {
      status: 200,
      body: {},
    });
    const el = await mount(server);
    click(el, `default:${IDS.card2}`);
    await settle(el);
    expect(
      server.last('POST', `/cards/${IDS.card2}/default`)?.headers['x-portico-request'],
      'sent',
    ).to.equal('1');
    expect(q(el, '.message').textContent, 'message').to.contain('default card was changed');
  });

  it('confirms before removing, and reports a refusal', async () => {
    const server = new FakeServer().on(
      `DELETE /cards/${IDS.card1}`,
      errorReply(409, 'last_card_in_use'),
    );
    const el = await mount(server);
    click(el, `ask-remove:${IDS.card1}`);
    await el.updateComplete;
    expect(server.calls, 'not yet').to.have.length(0);
    await expect(el).to.be.accessible();
    click(el, `remove:${IDS.card1}:yes`);
    await settle(el);
    expect(server.last('DELETE', `/cards/${IDS.card1}`), 'deleted').to.not.equal(undefined);
    expect(q(el, '.message').textContent, 'mapped').to.contain('Add another card first');
  });

  it('mounts the gateway iframe and adds the token it posts', async () => {
    const server = new FakeServer().on('POST /cards', { status: 201, body: {} });
    const el = await mount(server);
    click(el, 'open-add');
    await el.updateComplete;
    const frame = q<HTMLIFrameElement>(el, 'iframe');
    const src = new URL(frame.src);
    expect(src.origin, 'gateway origin').to.equal(GATEWAY);
    expect(src.searchParams.get('origin'), 'our origin').to.equal(location.origin);
    expect(frame.getAttribute('title'), 'title').to.equal('Secure card entry');
    // A message from a wrong origin or window is ignored.
    window.dispatchEvent(
      new MessageEvent('message', {
        origin: 'http://evil.test',
        source: frame.contentWindow,
        data: { type: 'portico:card-token', token: 'tok_bad' },
      }),
    );
    window.dispatchEvent(
      new MessageEvent('message', {
        origin: GATEWAY,
        source: window,
        data: { type: 'portico:card-token', token: 'tok_bad2' },
      }),
    );
    await settle(el);
    expect(server.calls, 'ignored').to.have.length(0);
    window.dispatchEvent(
      new MessageEvent('message', {
        origin: GATEWAY,
        source: frame.contentWindow,
        data: { type: 'portico:card-token', token: 'tok_good', brand: 'visa', last4: '1111' },
      }),
    );
    await settle(el);
    expect(server.last('POST', '/cards')?.body, 'token only').to.deep.equal({
      gateway_token: 'tok_good',
    });
    expect(q(el, '.message').textContent, 'added').to.contain('card was added');
  });
});

describe('card token checks', () => {
  it('builds the card-fields URL with our origin', () => {
    const target = cardFieldsTarget('https://pay.example/fields?x=1', 'https://portal.brand.test');
    expect(target?.origin, 'origin').to.equal('https://pay.example');
    expect(target?.src, 'src').to.equal(
      'https://pay.example/fields?x=1&origin=https%3A%2F%2Fportal.brand.test',
    );
    expect(cardFieldsTarget('javascript:alert(1)'), 'rejects scripts').to.equal(null);
  });

  it('rejects malformed payloads', () => {
    const frame = document.createElement('iframe');
    document.body.append(frame);
    const ev = (data: unknown) =>
      new MessageEvent('message', {
        origin: 'https://pay.example',
        source: frame.contentWindow,
        data,
      });
    expect(
      readCardToken(ev({ type: 'portico:card-token', token: 1 }), 'https://pay.example', frame),
      'number',
    ).to.equal(null);
    expect(
      readCardToken(ev('portico:card-token'), 'https://pay.example', frame),
      'string',
    ).to.equal(null);
    expect(
      readCardToken(ev({ type: 'other', token: 'tok_1234' }), 'https://pay.example', frame),
      'type',
    ).to.equal(null);
    expect(
      readCardToken(
        ev({ type: 'portico:card-token', token: 'tok_1234' }),
        'https://pay.example',
        frame,
      )?.token,
      'ok',
    ).to.equal('tok_1234');
    frame.remove();
  });
});
