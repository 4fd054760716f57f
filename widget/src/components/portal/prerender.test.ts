import { expect } from '@open-wc/testing';
import type { PortalBoot } from '@portico/shared';
import { PRERENDER_ACTION } from '../../core/prerender.js';
import {
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

const BOOT_ID = 'portico-boot-prerender-test';

/**
 * What the portal page ships for a signed-out load (decision 0012), in the shape the build's
 * prerender has: the portal's declarative shadow root, the login's inside it, the form.
 */
const PRERENDERED = `<portico-portal portal-id="${PORTAL_ID}" api-base="" data-mode="iframe" boot-data="${BOOT_ID}"><template shadowrootmode="open"><style>:host{display:block}</style><div class="frame" lang="en"><header part="header"><h1 part="title">Brand A</h1></header><main part="main"><portico-login data-screen locale="en"><template shadowrootmode="open"><h2 tabindex="-1" part="heading">Log in</h2><form part="form" method="dialog" novalidate><div class="field" part="field"><label for="f-email">Email</label><input id="f-email" name="email" part="input" type="email"></div><div class="field" part="field"><label for="f-password">Password</label><input id="f-password" name="password" part="input" type="password"></div><div class="actions"><button type="submit" part="button" data-action="login">Log in</button></div></form><div class="links"><button type="button" class="link" part="button" data-go="forgot">Forgot your password?</button></div></template></portico-login></main></div></template></portico-portal>`;

/**
 * Parses the page's markup in a document with no custom element registry, so nothing
 * upgrades (as before widget.js runs), lets `before` act on the prerendered form there,
 * then moves the portal into this document, where the live elements take over.
 */
async function upgrade(
  server: FakeServer,
  before: (form: HTMLFormElement) => void,
): Promise<PorticoPortal> {
  const boot: PortalBoot = { config: makeConfig(), signed_out: true };
  const block = document.createElement('script');
  block.type = 'application/json';
  block.id = BOOT_ID;
  block.textContent = JSON.stringify(boot);
  document.body.append(block);

  const inert = document.implementation.createHTMLDocument('');
  inert.body.setHTMLUnsafe(PRERENDERED);
  const portal = inert.body.querySelector('portico-portal') as HTMLElement;
  const form = portal.shadowRoot?.querySelector('portico-login')?.shadowRoot?.querySelector('form');
  if (!form) throw new Error('the prerendered markup has no nested form');
  before(form);

  document.body.append(document.adoptNode(portal));
  const el = portal as PorticoPortal;
  el.fetchImpl = server.fetch;
  await settle(el);
  await settle(screenOf(el));
  return el;
}

function field(el: PorticoPortal, name: string): HTMLInputElement | null | undefined {
  return screenOf(el).shadowRoot?.querySelector<HTMLInputElement>(`input[name=${name}]`);
}

describe('portico-portal taking over a prerendered login', () => {
  afterEach(() => {
    document.getElementById(BOOT_ID)?.remove();
    document.querySelector('portico-portal')?.remove();
  });

  it('replaces the prerender with one live login, keeping what was typed', async () => {
    const server = new FakeServer();
    const el = await upgrade(server, (form) => {
      (form.elements.namedItem('email') as HTMLInputElement).value = 'ana@example.com';
      (form.elements.namedItem('password') as HTMLInputElement).value = 'typed early';
    });
    expect(el.shadowRoot?.querySelectorAll('portico-login').length, 'one login').to.equal(1);
    expect(el.shadowRoot?.querySelectorAll('style').length, 'prerender styles gone').to.equal(0);
    expect(el.shadowRoot?.querySelectorAll('h1').length, 'one header').to.equal(1);
    const screen = screenOf(el);
    expect(screen.hasUpdated, 'the live element rendered').to.equal(true);
    expect(screen.shadowRoot?.querySelectorAll('form').length, 'one form').to.equal(1);
    expect(field(el, 'email')?.value, 'email').to.equal('ana@example.com');
    expect(field(el, 'password')?.value, 'password').to.equal('typed early');
    expect(server.calls, 'nothing sent').to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('sends a form that was submitted before the widget loaded', async () => {
    const server = new FakeServer()
      .on('POST /login', { status: 200, body: SESSION })
      .on('GET /account', { status: 200, body: makeOverview() });
    const el = await upgrade(server, (form) => {
      (form.elements.namedItem('email') as HTMLInputElement).value = 'ana@example.com';
      (form.elements.namedItem('password') as HTMLInputElement).value = 'pw-123456789';
      form.setAttribute(PRERENDER_ACTION, 'submit');
    });
    await settle(el);
    expect(server.last('POST', '/login')?.body, 'the typed credentials').to.deep.equal({
      email: 'ana@example.com',
      password: 'pw-123456789',
    });
    expect(screenOf(el).localName, 'signed in').to.equal('portico-overview');
  });

  it('follows a link that was clicked before the widget loaded, with the email', async () => {
    const el = await upgrade(new FakeServer(), (form) => {
      (form.elements.namedItem('email') as HTMLInputElement).value = 'ana@example.com';
      form.setAttribute(PRERENDER_ACTION, 'go:forgot');
    });
    await settle(el);
    const screen = screenOf(el);
    expect(screen.localName).to.equal('portico-forgot');
    await settle(screen);
    expect(field(el, 'email')?.value, 'carried').to.equal('ana@example.com');
  });

  it('ignores fields and actions the live form does not have', async () => {
    const server = new FakeServer();
    const el = await upgrade(server, (form) => {
      const extra = form.ownerDocument.createElement('input');
      extra.name = 'is_admin';
      extra.value = 'yes';
      form.append(extra);
      form.setAttribute(PRERENDER_ACTION, 'go:"],[x');
    });
    await settle(el);
    expect(screenOf(el).localName).to.equal('portico-login');
    expect(field(el, 'is_admin'), 'no such field').to.equal(null);
    expect(server.calls).to.deep.equal([]);
  });
});
