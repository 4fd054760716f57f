import { expect, fixture, html } from '@open-wc/testing';
import { FakeServer, makeConfig, makeOverview, q } from '../../testing/fake-api.js';
import type { PorticoOverview } from './overview.component.js';
import './define.js';

describe('portico-overview', () => {
  it('summarises the account and passes axe', async () => {
    const el = await fixture<PorticoOverview>(
      html`<portico-overview .api=${new FakeServer().api()} .config=${makeConfig()} .overview=${makeOverview()}></portico-overview>`,
    );
    expect(q(el, 'h2').textContent, 'welcome').to.equal('Welcome, Ana');
    expect(el.shadowRoot?.textContent, 'default card').to.contain('visa ending in 4242');
    expect(el.shadowRoot?.textContent, 'due').to.contain('Payments due: 1');
    expect(el.shadowRoot?.textContent, 'money').to.contain('$29.99');
    await expect(el).to.be.accessible();
  });

  it('navigates to a section', async () => {
    const el = await fixture<PorticoOverview>(
      html`<portico-overview .api=${new FakeServer().api()} .config=${makeConfig()} .overview=${makeOverview()}></portico-overview>`,
    );
    let screen = '';
    el.addEventListener('portico-navigate', (e) => {
      screen = e.detail.screen;
    });
    q<HTMLButtonElement>(el, '[data-go="payments"]').click();
    expect(screen, 'screen').to.equal('payments');
    q<HTMLButtonElement>(el, '[data-go="history"]').click();
    expect(screen, 'payment history').to.equal('history');
  });

  it('renders customer text as text', async () => {
    const overview = makeOverview();
    overview.contact.first_name = '<img src=x onerror=alert(1)>';
    const el = await fixture<PorticoOverview>(
      html`<portico-overview .api=${new FakeServer().api()} .overview=${overview}></portico-overview>`,
    );
    expect(el.shadowRoot?.querySelector('img'), 'no element').to.equal(null);
    expect(q(el, 'h2').textContent, 'shown as text').to.contain('<img');
  });
});
