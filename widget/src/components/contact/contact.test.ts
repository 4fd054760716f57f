import { expect } from '@open-wc/testing';
import {
  errorReply,
  FakeServer,
  makeOverview,
  mountScreen,
  q,
  submit,
  type,
} from '../../testing/fake-api.js';
import type { PorticoContact } from './contact.component.js';
import './define.js';

async function mount(server: FakeServer, overview = makeOverview()) {
  return mountScreen<PorticoContact>('portico-contact', server, { overview });
}

describe('portico-contact', () => {
  it('prefills the form and passes axe', async () => {
    const el = await mount(new FakeServer());
    expect(q<HTMLInputElement>(el, '[name="first_name"]').value, 'first name').to.equal('Ana');
    await expect(el).to.be.accessible();
  });

  it('is read-only without contact_modify', async () => {
    const el = await mount(new FakeServer(), makeOverview(['credit_card_add']));
    expect(el.shadowRoot?.querySelector('form'), 'no form').to.equal(null);
    expect(el.shadowRoot?.textContent, 'shows data').to.contain('ana@example.com');
    await expect(el).to.be.accessible();
  });

  it('saves with PATCH and the right body', async () => {
    const server = new FakeServer().on('PATCH /account/contact', { status: 200, body: {} });
    const el = await mount(server);
    let refreshed = false;
    el.addEventListener('portico-refresh', () => {
      refreshed = true;
    });
    type(el, 'phone', '+34 600 000 000');
    type(el, 'company', '');
    await submit(el);
    const call = server.last('PATCH', '/account/contact');
    const body = call?.body as Record<string, unknown>;
    expect(body.phone, 'phone').to.equal('+34 600 000 000');
    expect(body.company, 'blank → null').to.equal(null);
    expect(body.email, 'unchanged email not sent').to.equal(undefined);
    expect(body.bill_to, 'bill-to').to.deep.equal(makeOverview().contact.bill_to);
    expect(call?.headers['x-portico-request'], 'csrf').to.equal('1');
    expect(refreshed, 'refresh').to.equal(true);
    expect(q(el, '.message').textContent, 'success').to.contain('saved');
  });

  it('asks for the current password to change the email', async () => {
    const server = new FakeServer().on(
      'PATCH /account/contact',
      errorReply(401, 'invalid_credentials'),
    );
    const el = await mount(server);
    type(el, 'email', 'new@example.com');
    await el.updateComplete;
    await submit(el);
    expect(server.calls, 'blocked without password').to.have.length(0);
    type(el, 'current_password', 'secret password');
    await submit(el);
    expect(server.last('PATCH', '/account/contact')?.body, 'body').to.include({
      email: 'new@example.com',
      current_password: 'secret password',
    });
    expect(q(el, '.message').textContent, 'error').to.contain('do not match');
    expect(q<HTMLInputElement>(el, '[name="email"]').value, 'kept').to.equal('new@example.com');
  });

  it('validates a partly filled billing address and can clear it', async () => {
    const server = new FakeServer().on('PATCH /account/contact', { status: 200, body: {} });
    const overview = makeOverview();
    overview.contact.bill_to = null;
    const el = await mount(server, overview);
    type(el, 'bill_city', 'Madrid');
    await submit(el);
    expect(server.calls, 'blocked').to.have.length(0);
    expect(q(el, '#f-bill_line1-error').textContent, 'line1 needed').to.contain('required');
    type(el, 'bill_city', '');
    await submit(el);
    expect(
      (server.last('PATCH', '/account/contact')?.body as { bill_to?: unknown } | undefined)
        ?.bill_to,
      'null',
    ).to.equal(null);
  });
});
