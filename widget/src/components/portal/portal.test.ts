import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import {
  errorReply,
  FakeServer,
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

async function mount(server: FakeServer, attrs: { locale?: string } = {}) {
  const el = await fixture<PorticoPortal>(
    html`<portico-portal portal-id=${PORTAL_ID} locale=${attrs.locale ?? ''} .fetchImpl=${server.fetch}></portico-portal>`,
  );
  await settle(el);
  return el;
}

function signedInServer(overview = makeOverview()) {
  return new FakeServer()
    .on('GET /config', { status: 200, body: makeConfig() })
    .on('GET /session', { status: 200, body: SESSION })
    .on('GET /account', { status: 200, body: overview })
    .on('POST /logout', { status: 204 });
}

describe('portico-portal', () => {
  it('frames the login screen with name, description and sanitized footer', async () => {
    const server = new FakeServer()
      .on('GET /config', {
        status: 200,
        body: makeConfig({
          footer_html:
            '<p>Help: <a href="https://brand.test/help" onclick="x()">help</a><script>alert(1)</script><img src=x onerror=alert(1)></p>',
        }),
      })
      .on('GET /session', errorReply(401, 'unauthorized'));
    const el = await mount(server);
    const root = el.shadowRoot as ShadowRoot;
    expect(root.querySelector('h1')?.textContent, 'name').to.equal('Brand A');
    expect(root.querySelector('[part="description"]')?.textContent, 'description').to.equal(
      'Manage your Brand A account',
    );
    expect(screenOf(el).localName, 'login').to.equal('portico-login');
    const footer = root.querySelector('footer') as HTMLElement;
    expect(footer.querySelector('script, img, [onclick]'), 'stripped').to.equal(null);
    expect(footer.querySelector('a')?.getAttribute('rel'), 'safe link').to.equal(
      'noopener noreferrer',
    );
    expect(root.querySelector('nav'), 'no nav signed out').to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('shows an error state with retry when config fails', async () => {
    const server = new FakeServer().on('GET /config', errorReply(503, 'service_unavailable'));
    const el = await mount(server);
    expect(el.shadowRoot?.querySelector('[role="alert"]')?.textContent, 'error').to.contain(
      'could not be loaded',
    );
    server
      .on('GET /config', { status: 200, body: makeConfig() })
      .on('GET /session', errorReply(401, 'unauthorized'));
    el.shadowRoot?.querySelector<HTMLButtonElement>('button')?.click();
    await settle(el);
    expect(screenOf(el).localName, 'recovered').to.equal('portico-login');
  });

  it('opens on the overview with a session and navigates, moving focus to the heading', async () => {
    const el = await mount(signedInServer());
    expect(screenOf(el).localName, 'overview').to.equal('portico-overview');
    await expect(el).to.be.accessible();
    el.shadowRoot?.querySelector<HTMLButtonElement>('[data-nav="cards"]')?.click();
    await settle(el);
    const screen = screenOf(el);
    expect(screen.localName, 'cards').to.equal('portico-cards');
    expect(screen.shadowRoot?.activeElement?.localName, 'focused heading').to.equal('h2');
    expect(
      el.shadowRoot?.querySelector('[data-nav="cards"]')?.getAttribute('aria-current'),
      'current',
    ).to.equal('page');
  });

  it('opens the payment history from the nav and loads it', async () => {
    const server = signedInServer().on('GET /transactions', {
      status: 200,
      body: { data: [], next_cursor: null },
    });
    const el = await mount(server);
    el.shadowRoot?.querySelector<HTMLButtonElement>('[data-nav="history"]')?.click();
    await settle(el);
    const screen = screenOf(el);
    expect(screen.localName, 'history').to.equal('portico-history');
    expect(server.last('GET', '/transactions'), 'loaded').to.not.equal(undefined);
    expect(screen.shadowRoot?.activeElement?.localName, 'focused heading').to.equal('h2');
  });

  it('session expiry returns to log in with a message, then back to the same screen', async () => {
    const server = signedInServer();
    const el = await mount(server);
    el.shadowRoot?.querySelector<HTMLButtonElement>('[data-nav="subscriptions"]')?.click();
    await settle(el);
    screenOf(el).dispatchEvent(
      new CustomEvent('portico-session-expired', { bubbles: true, composed: true }),
    );
    await settle(el);
    const login = screenOf(el);
    expect(login.localName, 'login').to.equal('portico-login');
    expect(login.shadowRoot?.querySelector('.message')?.textContent, 'message').to.contain(
      'session has ended',
    );
    server.on('POST /login', { status: 200, body: SESSION });
    type(login, 'email', 'ana@example.com');
    type(login, 'password', 'correct horse');
    await submit(login);
    await settle(el);
    expect(screenOf(el).localName, 'resumed').to.equal('portico-subscriptions');
  });

  it('logs out', async () => {
    const server = signedInServer();
    const el = await mount(server);
    el.shadowRoot?.querySelector<HTMLButtonElement>('[data-nav="logout"]')?.click();
    await settle(el);
    expect(server.last('POST', '/logout')?.headers['x-portico-request'], 'csrf').to.equal('1');
    const login = screenOf(el);
    expect(login.localName, 'login').to.equal('portico-login');
    expect(login.shadowRoot?.querySelector('.message')?.textContent, 'message').to.contain(
      'logged out',
    );
  });

  it('speaks Spanish when asked (attribute or config)', async () => {
    const server = new FakeServer()
      .on('GET /config', { status: 200, body: makeConfig({ locale: 'es' }) })
      .on('GET /session', errorReply(401, 'unauthorized'));
    const el = await mount(server);
    expect(screenOf(el).shadowRoot?.querySelector('h2')?.textContent, 'spanish').to.equal(
      'Iniciar sesión',
    );
    await expect(el).to.be.accessible();
  });

  it('dark theme passes axe', async () => {
    const el = await mount(signedInServer());
    el.setAttribute('theme', 'dark');
    await settle(el);
    await expect(el).to.be.accessible();
  });
});

describe('portico-portal keyboard', () => {
  it('moves between sections with Tab and Enter', async () => {
    const el = await mount(signedInServer());
    el.shadowRoot?.querySelector<HTMLButtonElement>('[data-nav="overview"]')?.focus();
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(screenOf(el).localName, 'contact via keyboard').to.equal('portico-contact');
  });
});
