import { expect } from '@open-wc/testing';
import type { PortalConfig } from '@portico/shared';
import { sendKeys } from '@web/test-runner-commands';
import {
  click,
  FakeServer,
  IDS,
  makeConfig,
  makeOverview,
  mountScreen,
  q,
  settle,
  type,
} from '../../testing/fake-api.js';
import type { PorticoSubscriptions } from './subscriptions.component.js';
import './define.js';

const REASONS: PortalConfig['cancel_reasons'] = [
  { id: 'too_pricey', label: { en: 'It costs too much', es: 'Cuesta demasiado' } },
  { id: 'moving', label: { en: 'I am moving abroad' } },
];

const CANCEL = `POST /subscriptions/${IDS.sub1}/cancel`;
const SUSPEND = `POST /subscriptions/${IDS.sub1}/suspend`;

function server() {
  return new FakeServer()
    .on(CANCEL, { status: 200, body: {} })
    .on(SUSPEND, { status: 200, body: {} });
}

async function mount(s: FakeServer, config: Partial<PortalConfig>, locale: 'en' | 'es' = 'en') {
  const el = await mountScreen<PorticoSubscriptions>('portico-subscriptions', s, {
    config: makeConfig(config),
    overview: makeOverview(),
  });
  el.locale = locale;
  await el.updateComplete;
  return el;
}

const optionLabels = (el: Element) =>
  [
    ...(el.shadowRoot?.querySelectorAll<HTMLOptionElement>(`[name="reason:${IDS.sub1}"] option`) ??
      []),
  ].map((o) => o.textContent?.trim());

describe('portico-subscriptions: the merchant’s cancel flow', () => {
  it('offers the merchant’s reasons with no default and insists on one', async () => {
    const s = server();
    const el = await mount(s, { cancel_reasons: REASONS });
    click(el, `ask-cancel:${IDS.sub1}`);
    await el.updateComplete;
    expect(optionLabels(el), 'merchant reasons').to.deep.equal([
      'Choose a reason',
      'It costs too much',
      'I am moving abroad',
    ]);
    await expect(el).to.be.accessible();
    click(el, `cancel:${IDS.sub1}:yes`);
    await settle(el);
    expect(s.calls, 'nothing sent').to.have.length(0);
    const select = q<HTMLSelectElement>(el, `[name="reason:${IDS.sub1}"]`);
    expect(select.getAttribute('aria-invalid'), 'flagged').to.equal('true');
    expect(el.shadowRoot?.activeElement, 'focused').to.equal(select);
    expect(el.shadowRoot?.textContent, 'message').to.contain('Please choose a reason.');
    type(el, `reason:${IDS.sub1}`, 'moving');
    type(el, `comment:${IDS.sub1}`, ' Off to Lisbon ');
    click(el, `cancel:${IDS.sub1}:yes`);
    await settle(el);
    expect(s.last('POST', `/subscriptions/${IDS.sub1}/cancel`)?.body, 'body').to.deep.equal({
      reason: 'moving',
      comment: 'Off to Lisbon',
    });
  });

  it('shows the reasons in Spanish, falling back to English where none was given', async () => {
    const el = await mount(server(), { cancel_reasons: REASONS }, 'es');
    click(el, `ask-cancel:${IDS.sub1}`);
    await el.updateComplete;
    expect(optionLabels(el)).to.deep.equal([
      'Elija un motivo',
      'Cuesta demasiado',
      'I am moving abroad',
    ]);
  });

  it('asks for a comment when the portal requires one, and hides it when off', async () => {
    const s = server();
    const el = await mount(s, { cancel_reasons: REASONS, cancel_comment: 'required' });
    click(el, `ask-cancel:${IDS.sub1}`);
    await el.updateComplete;
    const box = q<HTMLTextAreaElement>(el, `[name="comment:${IDS.sub1}"]`);
    expect(box.required, 'required').to.equal(true);
    expect(q(el, `label[for="comment-${IDS.sub1}"]`).textContent, 'not optional').to.not.contain(
      'optional',
    );
    type(el, `reason:${IDS.sub1}`, 'too_pricey');
    click(el, `cancel:${IDS.sub1}:yes`);
    await settle(el);
    expect(s.calls, 'nothing sent').to.have.length(0);
    expect(box.getAttribute('aria-invalid'), 'flagged').to.equal('true');
    await expect(el).to.be.accessible();

    const off = server();
    const el2 = await mount(off, { cancel_comment: 'off' });
    click(el2, `ask-cancel:${IDS.sub1}`);
    await el2.updateComplete;
    expect(el2.shadowRoot?.querySelector('textarea'), 'no comment box').to.equal(null);
    click(el2, `cancel:${IDS.sub1}:yes`);
    await settle(el2);
    expect(
      off.last('POST', `/subscriptions/${IDS.sub1}/cancel`)?.body,
      'built-in reason only',
    ).to.deep.equal({
      reason: 'too_expensive',
    });
  });

  it('offers to suspend instead first, and suspending says so', async () => {
    const s = server();
    const el = await mount(s, { cancel_save_offer: true });
    click(el, `ask-cancel:${IDS.sub1}`);
    await el.updateComplete;
    expect(q(el, '#save-q').textContent, 'offer').to.contain('Would you rather suspend Gold Box');
    expect(el.shadowRoot?.activeElement?.getAttribute('data-action'), 'focus on keep').to.equal(
      `save:${IDS.sub1}:no`,
    );
    await expect(el).to.be.accessible();
    click(el, `save:${IDS.sub1}:suspend`);
    await settle(el);
    expect(s.last('POST', `/subscriptions/${IDS.sub1}/suspend`)?.body, 'save').to.deep.equal({
      save_offer: true,
    });
    expect(s.last('POST', `/subscriptions/${IDS.sub1}/cancel`), 'not cancelled').to.equal(
      undefined,
    );
    expect(q(el, '.message').textContent, 'done').to.contain('suspended');
  });

  it('lets the shopper decline the offer by keyboard and go on to cancel', async () => {
    const s = server();
    const el = await mount(s, { cancel_save_offer: true, cancel_reasons: REASONS });
    click(el, `ask-cancel:${IDS.sub1}`);
    await el.updateComplete;
    q<HTMLButtonElement>(el, `[data-action="save:${IDS.sub1}:continue"]`).focus();
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    expect(el.shadowRoot?.querySelector('#save-q'), 'offer gone').to.equal(null);
    expect(el.shadowRoot?.querySelector(`[name="reason:${IDS.sub1}"]`), 'cancel form').to.not.equal(
      null,
    );
    expect(el.shadowRoot?.activeElement?.getAttribute('data-action'), 'focus on keep').to.equal(
      `cancel:${IDS.sub1}:no`,
    );
    type(el, `reason:${IDS.sub1}`, 'too_pricey');
    click(el, `cancel:${IDS.sub1}:yes`);
    await settle(el);
    expect(s.last('POST', `/subscriptions/${IDS.sub1}/cancel`)?.body).to.deep.equal({
      reason: 'too_pricey',
    });
  });

  it('makes no save offer without subscription_suspend or for a suspended subscription', async () => {
    const el = await mountScreen<PorticoSubscriptions>('portico-subscriptions', server(), {
      config: makeConfig({ cancel_save_offer: true }),
      overview: makeOverview(['subscription_cancel']),
    });
    click(el, `ask-cancel:${IDS.sub1}`);
    await el.updateComplete;
    expect(el.shadowRoot?.querySelector('#save-q'), 'no offer').to.equal(null);
    const el2 = await mount(server(), { cancel_save_offer: true });
    click(el2, `ask-cancel:${IDS.sub2}`);
    await el2.updateComplete;
    expect(el2.shadowRoot?.querySelector('#save-q'), 'suspended already').to.equal(null);
    expect(el2.shadowRoot?.querySelector(`[name="reason:${IDS.sub2}"]`)).to.not.equal(null);
  });
});
