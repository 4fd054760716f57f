import { expect } from '@open-wc/testing';
import { errorReply, FakeServer, mountScreen, q, submit, type } from '../../testing/fake-api.js';
import type { PorticoRegister } from './register.component.js';
import './define.js';

async function mount(server: FakeServer) {
  return mountScreen<PorticoRegister>('portico-register', server);
}

function tickCaptcha(el: PorticoRegister) {
  q(el, 'portico-captcha').shadowRoot?.querySelector<HTMLInputElement>('input')?.click();
}

describe('portico-register', () => {
  it('renders with the labelled dev captcha and passes axe', async () => {
    const el = await mount(new FakeServer());
    expect(q(el, 'h2').textContent, 'heading').to.equal('Create an account');
    expect(q(el, 'portico-captcha').shadowRoot?.textContent, 'dev captcha').to.contain(
      'not a real check',
    );
    await expect(el).to.be.accessible();
  });

  it('flags a short password as you type', async () => {
    const el = await mount(new FakeServer());
    type(el, 'password', 'short');
    await el.updateComplete;
    expect(q(el, '#f-password-error').textContent, 'length message').to.contain('at least 8');
    type(el, 'password', 'long enough now');
    await el.updateComplete;
    expect(el.shadowRoot?.querySelector('#f-password-error'), 'cleared').to.equal(null);
  });

  it('needs the captcha before sending', async () => {
    const server = new FakeServer();
    const el = await mount(server);
    type(el, 'email', 'new@example.com');
    type(el, 'password', 'a long password');
    await submit(el);
    expect(server.calls, 'nothing sent').to.have.length(0);
    expect(q(el, '.message').textContent, 'asks for captcha').to.contain('check');
  });

  it('registers with the captcha token and moves on to confirm', async () => {
    const server = new FakeServer().on('POST /register', {
      status: 202,
      body: { status: 'accepted' },
    });
    const el = await mount(server);
    let nav: unknown;
    el.addEventListener('portico-navigate', (e) => {
      nav = e.detail;
    });
    type(el, 'email', 'new@example.com');
    type(el, 'password', 'a long password');
    type(el, 'first_name', 'Ana');
    tickCaptcha(el);
    await submit(el);
    const call = server.last('POST', '/register');
    expect(call?.body, 'body').to.deep.equal({
      email: 'new@example.com',
      password: 'a long password',
      captcha_token: 'dev-captcha-pass',
      first_name: 'Ana',
      last_name: null,
    });
    expect(call?.headers['x-portico-request'], 'csrf').to.equal('1');
    expect(nav, 'navigates').to.include({ screen: 'confirm', email: 'new@example.com' });
  });

  it('maps a captcha failure to a plain message', async () => {
    const server = new FakeServer().on('POST /register', errorReply(400, 'captcha_failed'));
    const el = await mount(server);
    type(el, 'email', 'new@example.com');
    type(el, 'password', 'a long password');
    tickCaptcha(el);
    await submit(el);
    expect(q(el, '.message').textContent, 'message').to.contain('human check failed');
    expect(q<HTMLInputElement>(el, '[name="email"]').value, 'kept').to.equal('new@example.com');
  });
});
