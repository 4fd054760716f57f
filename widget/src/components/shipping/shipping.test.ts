import { expect } from '@open-wc/testing';
import {
  click,
  FakeServer,
  IDS,
  makeOverview,
  mountScreen,
  q,
  submit,
  type,
} from '../../testing/fake-api.js';
import type { PorticoShipping } from './shipping.component.js';
import './define.js';

async function mount(server: FakeServer, overview = makeOverview()) {
  return mountScreen<PorticoShipping>('portico-shipping', server, { overview });
}

describe('portico-shipping', () => {
  it('shows the customer and subscription addresses and passes axe', async () => {
    const el = await mount(new FakeServer());
    expect(el.shadowRoot?.querySelectorAll('li.item'), 'blocks').to.have.length(3);
    expect(el.shadowRoot?.textContent, 'address').to.contain('1 Main St');
    await expect(el).to.be.accessible();
  });

  it('hides editing without shipping_modify_ship_to', async () => {
    const el = await mount(new FakeServer(), makeOverview(['contact_modify']));
    expect(el.shadowRoot?.querySelector('[data-action^="edit:"]'), 'no edit').to.equal(null);
  });

  it('validates and saves the customer ship-to with PUT', async () => {
    const server = new FakeServer().on('PUT /account/ship-to', { status: 200, body: {} });
    const el = await mount(server);
    click(el, 'edit:customer');
    await el.updateComplete;
    await expect(el).to.be.accessible();
    type(el, 'country', 'Spain');
    await submit(el);
    expect(server.calls, 'blocked').to.have.length(0);
    expect(q(el, '#f-country-error').textContent, 'country message').to.contain('two-letter');
    type(el, 'country', 'es');
    type(el, 'line1', '2 Calle Mayor');
    await submit(el);
    expect(server.last('PUT', '/account/ship-to')?.body, 'body').to.deep.equal({
      ship_to: {
        first_name: 'Ana',
        last_name: 'Ruiz',
        company: null,
        line1: '2 Calle Mayor',
        line2: null,
        city: 'Springfield',
        state: 'IL',
        postal_code: '62701',
        country: 'ES',
        phone: null,
      },
    });
  });

  it("saves a subscription's own ship-to", async () => {
    const server = new FakeServer().on(`PUT /subscriptions/${IDS.sub2}/ship-to`, {
      status: 200,
      body: {},
    });
    const el = await mount(server);
    click(el, `edit:${IDS.sub2}`);
    await el.updateComplete;
    type(el, 'line1', '9 Elm St');
    type(el, 'city', 'Austin');
    type(el, 'country', 'US');
    await submit(el);
    const body = server.last('PUT', `/subscriptions/${IDS.sub2}/ship-to`)?.body as {
      ship_to: { line1: string };
    };
    expect(body.ship_to.line1, 'line1').to.equal('9 Elm St');
    expect(q(el, '.message').textContent, 'saved').to.contain('address was saved');
  });
});
