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
import type { PorticoConfirm } from './confirm.component.js';
import './define.js';

async function mount(server: FakeServer) {
  return mountScreen<PorticoConfirm>('portico-confirm', server, { email: 'ana@example.com' });
}

describe('portico-confirm', () => {
  it('prefills the email and passes axe', async () => {
    const el = await mount(new FakeServer());
    expect(q<HTMLInputElement>(el, '[name="email"]').value, 'email').to.equal('ana@example.com');
    await expect(el).to.be.accessible();
  });

  it('rejects a code that is not six digits', async () => {
    const server = new FakeServer();
    const el = await mount(server);
    type(el, 'code', '12ab');
    await submit(el);
    expect(q(el, '#f-code-error').textContent, 'message').to.contain('six digits');
    expect(server.calls, 'not sent').to.have.length(0);
  });

  it('confirms and signs in', async () => {
    const server = new FakeServer().on('POST /confirm', { status: 200, body: SESSION });
    const el = await mount(server);
    let session: unknown;
    el.addEventListener('portico-signed-in', (e) => {
      session = e.detail;
    });
    type(el, 'code', '123456');
    await submit(el);
    expect(server.last('POST', '/confirm')?.body, 'body').to.deep.equal({
      email: 'ana@example.com',
      code: '123456',
    });
    expect(session, 'signed in').to.deep.equal(SESSION);
  });

  it('explains a wrong code', async () => {
    const server = new FakeServer().on('POST /confirm', errorReply(400, 'invalid_code'));
    const el = await mount(server);
    type(el, 'code', '000000');
    await submit(el);
    expect(q(el, '.message').textContent, 'message').to.contain('wrong or has expired');
    await expect(el).to.be.accessible();
  });
});
