import { expect } from '@open-wc/testing';
import {
  errorReply,
  FakeServer,
  mountScreen,
  q,
  SESSION,
  submit,
  type,
} from '../../testing/fake-api.js';
import type { PorticoReset } from './reset.component.js';
import './define.js';

async function mount(server: FakeServer) {
  return mountScreen<PorticoReset>('portico-reset', server, { email: 'ana@example.com' });
}

describe('portico-reset', () => {
  it('renders and passes axe', async () => {
    const el = await mount(new FakeServer());
    await expect(el).to.be.accessible();
  });

  it('validates the code and the new password', async () => {
    const server = new FakeServer();
    const el = await mount(server);
    type(el, 'code', '123');
    type(el, 'password', 'short');
    await submit(el);
    expect(server.calls, 'not sent').to.have.length(0);
    expect(q(el, '#f-password-error').textContent, 'password message').to.contain('at least 8');
  });

  it('sets the password and signs in', async () => {
    const server = new FakeServer().on('POST /password-reset/confirm', {
      status: 200,
      body: SESSION,
    });
    const el = await mount(server);
    let signed = false;
    el.addEventListener('portico-signed-in', () => {
      signed = true;
    });
    type(el, 'code', '654321');
    type(el, 'password', 'a brand new password');
    await submit(el);
    expect(server.last('POST', '/password-reset/confirm')?.body, 'body').to.deep.equal({
      email: 'ana@example.com',
      code: '654321',
      password: 'a brand new password',
    });
    expect(signed, 'signed in').to.equal(true);
  });

  it('explains an expired code', async () => {
    const server = new FakeServer().on(
      'POST /password-reset/confirm',
      errorReply(400, 'invalid_code'),
    );
    const el = await mount(server);
    type(el, 'code', '654321');
    type(el, 'password', 'a brand new password');
    await submit(el);
    expect(q(el, '.message').textContent, 'message').to.contain('expired');
  });
});
