import { expect, fixture, html } from '@open-wc/testing';
import {
  click,
  FakeServer,
  IDS,
  makeCharge,
  makeConfig,
  makeOverview,
  PORTAL_ID,
  SESSION,
  screenOf,
  settle,
  submit,
  type,
} from '../../testing/fake-api.js';
import type { PorticoPortal } from './portal.component.js';
import './define.js';

/** Inline mode: the element sits in the storefront's page; events bubble to the page. */
async function mountInline(server: FakeServer) {
  const host = await fixture<HTMLDivElement>(
    html`<div id="portico-portal"><portico-portal portal-id=${PORTAL_ID} .fetchImpl=${server.fetch}></portico-portal></div>`,
  );
  const el = host.querySelector('portico-portal') as PorticoPortal;
  await settle(el);
  const events: Array<{ type: string; detail: unknown; target: EventTarget | null }> = [];
  const record = (e: Event) =>
    e.type.startsWith('portico:') &&
    events.push({ type: e.type, detail: (e as CustomEvent).detail, target: e.target });
  const leaked: string[] = [];
  host.addEventListener('portico-action', (e) => leaked.push(e.type));
  for (const name of [
    'card-default-set',
    'card-removed',
    'subscription-renewed',
    'subscription-cancelled',
    'subscription-suspended',
    'logged-in',
    'logged-out',
  ])
    host.addEventListener(`portico:${name}`, record);
  return { host, el, events, leaked };
}

async function go(el: PorticoPortal, screen: string) {
  el.shadowRoot?.querySelector<HTMLButtonElement>(`[data-nav="${screen}"]`)?.click();
  await settle(el);
  return screenOf(el);
}

function signedIn() {
  return new FakeServer()
    .on('GET /config', { status: 200, body: makeConfig() })
    .on('GET /session', { status: 200, body: SESSION })
    .on('GET /account', { status: 200, body: makeOverview() })
    .on('POST /logout', { status: 204 });
}

describe('portico-portal host-page events (inline mode)', () => {
  it('dispatches portico:<name> with ids only after each successful action', async () => {
    let renewStatus: 'succeeded' | 'failed' = 'failed';
    const server = signedIn()
      .on(`POST /cards/${IDS.card2}/default`, { status: 200, body: {} })
      .on(`POST /subscriptions/${IDS.sub1}/renew`, () => ({
        status: 200,
        body: makeCharge({
          status: renewStatus,
          transaction_id: '60000000-0000-4000-8000-000000000001',
        }),
      }))
      .on(`POST /subscriptions/${IDS.sub1}/cancel`, { status: 200, body: {} });
    const { el, events, leaked } = await mountInline(server);

    const cards = await go(el, 'cards');
    click(cards, `default:${IDS.card2}`);
    await settle(cards);

    const subs = await go(el, 'subscriptions');
    click(subs, `renew:${IDS.sub1}`);
    await settle(subs);
    expect(
      events.map((e) => e.type),
      'a declined renewal is no event',
    ).to.deep.equal(['portico:card-default-set']);
    renewStatus = 'succeeded';
    click(subs, `renew:${IDS.sub1}`);
    await settle(subs);
    click(subs, `ask-cancel:${IDS.sub1}`);
    await settle(subs);
    click(subs, `cancel:${IDS.sub1}:yes`);
    await settle(subs);

    expect(events.map((e) => [e.type, e.detail])).to.deep.equal([
      ['portico:card-default-set', { card_id: IDS.card2 }],
      [
        'portico:subscription-renewed',
        { subscription_id: IDS.sub1, transaction_id: '60000000-0000-4000-8000-000000000001' },
      ],
      ['portico:subscription-cancelled', { subscription_id: IDS.sub1 }],
    ]);
    expect(
      events.every((e) => e.target === el),
      'dispatched by the element itself',
    ).to.equal(true);
    expect(leaked, 'the internal event stays inside').to.deep.equal([]);
    const text = JSON.stringify(events.map((e) => e.detail));
    expect(text, 'no personal data').to.not.match(/@|Ana|Main St/);
  });

  it('announces logging out and logging in', async () => {
    const server = signedIn();
    const { el, events } = await mountInline(server);
    el.shadowRoot?.querySelector<HTMLButtonElement>('[data-nav="logout"]')?.click();
    await settle(el);
    server.on('POST /login', { status: 200, body: SESSION });
    const login = screenOf(el);
    type(login, 'email', 'ana@example.com');
    type(login, 'password', 'correct horse');
    await submit(login);
    await settle(el);
    expect(events.map((e) => [e.type, e.detail])).to.deep.equal([
      ['portico:logged-out', {}],
      ['portico:logged-in', {}],
    ]);
  });
});
