import { expect } from '@open-wc/testing';
import { errorReply, FakeServer, mountScreen, q, submit, type } from '../../testing/fake-api.js';
import type { PorticoForgot } from './forgot.component.js';
import './define.js';

async function mount(server: FakeServer) {
  return mountScreen<PorticoForgot>('portico-forgot', server);
}

describe('portico-forgot', () => {
  it('renders and passes axe', async () => {
    const el = await mount(new FakeServer());
    expect(q(el, 'h2').textContent, 'heading').to.equal('Reset your password');
    await expect(el).to.be.accessible();
  });

  it('requests a code and moves to reset', async () => {
    const server = new FakeServer().on('POST /password-reset/request', {
      status: 202,
      body: { status: 'accepted' },
    });
    const el = await mount(server);
    let nav: unknown;
    el.addEventListener('portico-navigate', (e) => {
      nav = e.detail;
    });
    type(el, 'email', 'ana@example.com');
    await submit(el);
    expect(server.last('POST', '/password-reset/request')?.body, 'body').to.deep.equal({
      email: 'ana@example.com',
    });
    expect(nav, 'navigates').to.include({ screen: 'reset', email: 'ana@example.com' });
  });

  it('shows the rate limit message', async () => {
    const server = new FakeServer().on(
      'POST /password-reset/request',
      errorReply(429, 'rate_limited'),
    );
    const el = await mount(server);
    type(el, 'email', 'ana@example.com');
    await submit(el);
    expect(q(el, '.message').textContent, 'message').to.contain('Too many attempts');
  });
});
