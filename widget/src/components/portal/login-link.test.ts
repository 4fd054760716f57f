import { expect, fixture, html } from '@open-wc/testing';
import type { LoginLinkRedeemed } from '@portico/shared';
import { sendKeys } from '@web/test-runner-commands';
import {
  errorReply,
  FakeServer,
  IDS,
  makeConfig,
  makeOverview,
  PORTAL_ID,
  SESSION,
  screenOf,
  settle,
} from '../../testing/fake-api.js';
import type { PorticoPortal } from './portal.component.js';
import './define.js';

const TOKEN = 'tok_abcdefghijklmnopqrstuvwxyz0123456789ABCDEF';

function linkServer(redeem: { status: number; body?: unknown }) {
  return new FakeServer()
    .on('GET /config', { status: 200, body: makeConfig() })
    .on('GET /session', errorReply(401, 'unauthorized'))
    .on('GET /account', { status: 200, body: makeOverview() })
    .on('POST /login-links/redeem', redeem);
}

function redeemed(deep_link: LoginLinkRedeemed['deep_link']): LoginLinkRedeemed {
  return { ...SESSION, deep_link };
}

/** Records `portico:logged-in` events reaching the document (the host page's view). */
function hostEvents() {
  const seen: string[] = [];
  const listener = (e: Event) => seen.push(e.type);
  document.addEventListener('portico:logged-in', listener);
  return {
    stop() {
      document.removeEventListener('portico:logged-in', listener);
      return seen;
    },
  };
}

/** Opens the portal as a login link would: the token in the address's fragment. */
async function openLink(server: FakeServer, hash = `#login=${TOKEN}`) {
  history.replaceState(null, '', `${location.pathname}${location.search}${hash}`);
  const el = await fixture<PorticoPortal>(
    html`<portico-portal portal-id=${PORTAL_ID} .fetchImpl=${server.fetch}></portico-portal>`,
  );
  await settle(el);
  return el;
}

describe('portico-portal login links', () => {
  afterEach(() => {
    history.replaceState(null, '', `${location.pathname}${location.search}`);
  });

  it('redeems the fragment’s token, removes it from the address and opens the overview', async () => {
    const server = linkServer({ status: 200, body: redeemed(null) });
    const seen = hostEvents();
    const el = await openLink(server);
    expect(seen.stop(), 'the host page hears of the sign-in').to.deep.equal(['portico:logged-in']);
    expect(location.hash, 'token gone from the address').to.equal('');
    const call = server.last('POST', '/login-links/redeem');
    expect(call?.body, 'token sent').to.deep.equal({ token: TOKEN });
    expect(call?.headers['x-portico-request'], 'csrf header').to.equal('1');
    expect(server.last('GET', '/session'), 'no separate session probe').to.equal(undefined);
    expect(screenOf(el).localName, 'overview').to.equal('portico-overview');
    expect(el.shadowRoot?.querySelector('nav'), 'signed in').to.not.equal(null);
    await expect(el).to.be.accessible();
  });

  it('opens a deep-linked cancel with the confirm step ready and focus on "Keep it"', async () => {
    const server = linkServer({
      status: 200,
      body: redeemed({ flow: 'cancel_subscription', subscription_id: IDS.sub1 }),
    });
    const el = await openLink(server);
    const screen = screenOf(el);
    expect(screen.localName, 'subscriptions').to.equal('portico-subscriptions');
    await settle(screen);
    const item = screen.shadowRoot?.querySelector(`[data-sub="${IDS.sub1}"]`);
    expect(item?.getAttribute('aria-current'), 'linked item').to.equal('true');
    expect(item?.querySelector('[part="confirm"]'), 'cancel step open').to.not.equal(null);
    expect(
      screen.shadowRoot?.activeElement?.getAttribute('data-action'),
      'focus on the safe choice',
    ).to.equal(`cancel:${IDS.sub1}:no`);
    await expect(el).to.be.accessible();
  });

  it('opens the screen of each flow', async () => {
    const cases = [
      [{ flow: 'update_payment_method' }, 'portico-cards'],
      [{ flow: 'pay_salvage', salvage_transaction_id: IDS.salvage1 }, 'portico-payments'],
      [{ flow: 'manage_subscription', subscription_id: IDS.sub2 }, 'portico-subscriptions'],
      [{ flow: 'update_ship_to' }, 'portico-shipping'],
    ] as const;
    for (const [deep_link, tag] of cases) {
      const el = await openLink(linkServer({ status: 200, body: redeemed(deep_link) }));
      expect(screenOf(el).localName, deep_link.flow).to.equal(tag);
    }
    const el = await openLink(
      linkServer({
        status: 200,
        body: redeemed({ flow: 'pay_salvage', salvage_transaction_id: IDS.salvage1 }),
      }),
    );
    const due = screenOf(el).shadowRoot?.querySelector(`[data-salvage="${IDS.salvage1}"]`);
    expect(due?.getAttribute('aria-current'), 'the payment to make').to.equal('true');
  });

  it('opens the ship-to form of the linked subscription with focus in it', async () => {
    const el = await openLink(
      linkServer({
        status: 200,
        body: redeemed({ flow: 'update_ship_to', subscription_id: IDS.sub1 }),
      }),
    );
    const screen = screenOf(el);
    expect(screen.localName).to.equal('portico-shipping');
    const first = screen.shadowRoot?.querySelector<HTMLInputElement>('[name="first_name"]');
    expect(first?.value, 'prefilled with that subscription’s address').to.equal('Ana');
    expect(screen.shadowRoot?.activeElement, 'focus in the form').to.equal(first);
    expect(screen.shadowRoot?.querySelectorAll('form').length, 'one form').to.equal(1);
    await expect(el).to.be.accessible();
  });

  it('shows a clear screen for a used link, with a way to log in by keyboard', async () => {
    const server = linkServer(errorReply(410, 'login_link_used'));
    const seen = hostEvents();
    const el = await openLink(server);
    expect(seen.stop(), 'no sign-in').to.deep.equal([]);
    expect(location.hash, 'token gone').to.equal('');
    const screen = screenOf(el);
    expect(screen.localName, 'link error').to.equal('portico-link-error');
    expect(screen.shadowRoot?.querySelector('h2')?.textContent).to.equal(
      'This link cannot be used',
    );
    expect(screen.shadowRoot?.querySelector('[role="alert"]')?.textContent).to.contain(
      'already used',
    );
    expect(el.shadowRoot?.querySelector('nav'), 'not signed in').to.equal(null);
    await expect(el).to.be.accessible();
    screen.shadowRoot?.querySelector<HTMLButtonElement>('[data-go="login"]')?.focus();
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(screenOf(el).localName, 'log in instead').to.equal('portico-login');
  });

  it('names expired and invalid links in the shopper’s language', async () => {
    const expired = await openLink(linkServer(errorReply(410, 'login_link_expired')));
    expect(screenOf(expired).shadowRoot?.textContent).to.contain('has expired');
    const server = linkServer(errorReply(401, 'login_link_invalid'));
    server.on('GET /config', { status: 200, body: makeConfig({ locale: 'es' }) });
    const invalid = await openLink(server);
    expect(screenOf(invalid).shadowRoot?.textContent).to.contain('no es válido');
  });

  it('ignores an address without a login token', async () => {
    const server = linkServer({ status: 200, body: redeemed(null) });
    const el = await openLink(server, '#section=cards');
    expect(server.last('POST', '/login-links/redeem'), 'no redeem').to.equal(undefined);
    expect(screenOf(el).localName, 'login').to.equal('portico-login');
    expect(location.hash, 'other fragments left alone').to.equal('#section=cards');
  });
});
