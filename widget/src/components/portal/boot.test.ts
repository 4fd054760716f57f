import { expect, fixture, html } from '@open-wc/testing';
import type { PortalBoot } from '@portico/shared';
import {
  errorReply,
  FakeServer,
  makeConfig,
  makeOverview,
  PORTAL_ID,
  SESSION,
  screenOf,
  settle,
} from '../../testing/fake-api.js';
import type { PorticoPortal } from './portal.component.js';
import './define.js';

const BOOT_ID = 'portico-boot-test';

function boot(overrides: Partial<PortalBoot> = {}): PortalBoot {
  return {
    config: makeConfig({ display_name: 'Booted Brand' }),
    signed_out: true,
    ...overrides,
  };
}

/** Mounts the portal as the portal page does: a JSON data block and `boot-data` naming it. */
async function mountBooted(server: FakeServer, content: PortalBoot | string) {
  const block = document.createElement('script');
  block.type = 'application/json';
  block.id = BOOT_ID;
  block.textContent = typeof content === 'string' ? content : JSON.stringify(content);
  document.body.append(block);
  const el = await fixture<PorticoPortal>(
    html`<portico-portal portal-id=${PORTAL_ID} boot-data=${BOOT_ID} data-mode="iframe" .fetchImpl=${server.fetch}></portico-portal>`,
  );
  await settle(el);
  return el;
}

describe('portico-portal boot data (portal page)', () => {
  afterEach(() => {
    document.getElementById(BOOT_ID)?.remove();
    history.replaceState(null, '', `${location.pathname}${location.search}`);
  });

  it('paints log in from the inlined config without a single request when signed out', async () => {
    const server = new FakeServer();
    const el = await mountBooted(server, boot());
    expect(server.calls, 'no request').to.deep.equal([]);
    expect(screenOf(el).localName, 'log in').to.equal('portico-login');
    expect(el.shadowRoot?.querySelector('h1')?.textContent, 'inlined name').to.equal(
      'Booted Brand',
    );
    expect(el.hasAttribute('boot-data'), 'read once').to.equal(false);
    await expect(el).to.be.accessible();
  });

  it('with a session cookie, asks for the session but not the config', async () => {
    const server = new FakeServer()
      .on('GET /session', { status: 200, body: SESSION })
      .on('GET /account', { status: 200, body: makeOverview() });
    const el = await mountBooted(server, boot({ signed_out: false }));
    expect(
      server.calls.map((c) => c.path),
      'requests',
    ).to.deep.equal(['/session', '/account']);
    expect(screenOf(el).localName, 'overview').to.equal('portico-overview');
  });

  it('lets a login link win, without a session probe', async () => {
    history.replaceState(null, '', `${location.pathname}${location.search}#login=tok_123`);
    const server = new FakeServer()
      .on('POST /login-links/redeem', { status: 200, body: { ...SESSION, deep_link: null } })
      .on('GET /account', { status: 200, body: makeOverview() });
    const el = await mountBooted(server, boot({ signed_out: false }));
    expect(
      server.calls.map((c) => `${c.method} ${c.path}`),
      'requests',
    ).to.deep.equal(['POST /login-links/redeem', 'GET /account']);
    expect(screenOf(el).localName, 'overview').to.equal('portico-overview');
  });

  it('ignores boot data for another portal, or that does not parse, and asks the server', async () => {
    const other = boot({ config: makeConfig({ id: '00000000-0000-4000-8000-0000000000ff' }) });
    for (const content of [JSON.stringify(other), 'not json', 'null', '{}']) {
      const server = new FakeServer()
        .on('GET /config', { status: 200, body: makeConfig() })
        .on('GET /session', errorReply(401, 'unauthorized'));
      const el = await mountBooted(server, content);
      expect(server.last('GET', '/config'), content).to.not.equal(undefined);
      expect(el.shadowRoot?.querySelector('h1')?.textContent, content).to.equal('Brand A');
      expect(screenOf(el).localName, content).to.equal('portico-login');
      document.getElementById(BOOT_ID)?.remove();
    }
  });
});

describe('portico-portal without boot data (inline mode)', () => {
  it('asks for the session while the config is still loading', async () => {
    let sessionAskedFirst = false;
    const server = new FakeServer()
      .on('GET /session', errorReply(401, 'unauthorized'))
      .on('GET /config', () => {
        sessionAskedFirst = server.last('GET', '/session') !== undefined;
        return { status: 200, body: makeConfig() };
      });
    const el = await fixture<PorticoPortal>(
      html`<portico-portal portal-id=${PORTAL_ID} .fetchImpl=${server.fetch}></portico-portal>`,
    );
    await settle(el);
    expect(sessionAskedFirst, 'in parallel, not after').to.equal(true);
    expect(server.last('GET', '/config'), 'config still fetched').to.not.equal(undefined);
    expect(screenOf(el).localName, 'log in').to.equal('portico-login');
  });
});
