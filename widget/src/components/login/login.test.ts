import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import {
  errorReply,
  FakeServer,
  makeConfig,
  q,
  SESSION,
  settle,
  submit,
  type,
} from '../../testing/fake-api.js';
import type { PorticoLogin } from './login.component.js';
import './define.js';

describe('portico-login', () => {
  it('renders an accessible form', async () => {
    const server = new FakeServer();
    const el = await fixture<PorticoLogin>(
      html`<portico-login .api=${server.api()} .config=${makeConfig()}></portico-login>`,
    );
    expect(q(el, 'h2').textContent, 'heading').to.equal('Log in');
    await expect(el).to.be.accessible();
  });

  it('validates as you type and does not call the API with bad input', async () => {
    const server = new FakeServer();
    const el = await fixture<PorticoLogin>(
      html`<portico-login .api=${server.api()} .config=${makeConfig()}></portico-login>`,
    );
    type(el, 'email', 'not-an-email');
    await el.updateComplete;
    expect(q(el, '[name="email"]').getAttribute('aria-invalid'), 'email flagged').to.equal('true');
    await submit(el);
    expect(server.calls, 'no request').to.have.length(0);
  });

  it('posts credentials with JSON and the CSRF header, then signs in', async () => {
    const server = new FakeServer().on('POST /login', { status: 200, body: SESSION });
    const el = await fixture<PorticoLogin>(
      html`<portico-login .api=${server.api()} .config=${makeConfig()}></portico-login>`,
    );
    let signedIn: unknown;
    el.addEventListener('portico-signed-in', (e) => {
      signedIn = e.detail;
    });
    type(el, 'email', 'ana@example.com');
    type(el, 'password', 'correct horse');
    await submit(el);
    const call = server.last('POST', '/login');
    expect(call?.body, 'body').to.deep.equal({
      email: 'ana@example.com',
      password: 'correct horse',
    });
    expect(call?.headers['content-type'], 'json').to.equal('application/json');
    expect(call?.headers['x-portico-request'], 'csrf header').to.equal('1');
    expect(signedIn, 'signed-in event').to.deep.equal(SESSION);
  });

  it('shows a plain message on invalid credentials and keeps the input', async () => {
    const server = new FakeServer().on('POST /login', errorReply(401, 'invalid_credentials'));
    const el = await fixture<PorticoLogin>(
      html`<portico-login .api=${server.api()} .config=${makeConfig()}></portico-login>`,
    );
    type(el, 'email', 'ana@example.com');
    type(el, 'password', 'wrong-password');
    await submit(el);
    expect(q(el, '.message').textContent, 'message').to.contain('do not match');
    expect(q<HTMLInputElement>(el, '[name="email"]').value, 'kept').to.equal('ana@example.com');
    await expect(el).to.be.accessible();
  });

  it('shows the captcha when required and retries with its token', async () => {
    let attempts = 0;
    const server = new FakeServer().on('POST /login', () =>
      ++attempts === 1 ? errorReply(400, 'captcha_required') : { status: 200, body: SESSION },
    );
    const el = await fixture<PorticoLogin>(
      html`<portico-login .api=${server.api()} .config=${makeConfig()}></portico-login>`,
    );
    type(el, 'email', 'ana@example.com');
    type(el, 'password', 'correct horse');
    await submit(el);
    const captcha = q(el, 'portico-captcha');
    expect(captcha.shadowRoot?.textContent, 'dev label').to.contain(
      'Development captcha — not a real check',
    );
    const box = captcha.shadowRoot?.querySelector<HTMLInputElement>('input');
    box?.click();
    await submit(el);
    expect(server.last('POST', '/login')?.body, 'retry body').to.deep.equal({
      email: 'ana@example.com',
      password: 'correct horse',
      captcha_token: 'dev-captcha-pass',
    });
    await expect(el).to.be.accessible();
  });
});

describe('portico-login keyboard', () => {
  it('can be filled and submitted with the keyboard alone', async () => {
    const server = new FakeServer().on('POST /login', { status: 200, body: SESSION });
    const el = await fixture<PorticoLogin>(
      html`<portico-login .api=${server.api()} .config=${makeConfig()}></portico-login>`,
    );
    q(el, '[name="email"]').focus();
    await sendKeys({ type: 'ana@example.com' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'correct horse' });
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(server.last('POST', '/login')?.body, 'submitted by Enter').to.deep.equal({
      email: 'ana@example.com',
      password: 'correct horse',
    });
  });
});
