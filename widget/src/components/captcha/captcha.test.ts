import { expect, fixture, html } from '@open-wc/testing';
import type { PorticoCaptcha } from './captcha.component.js';
import './define.js';

describe('portico-captcha', () => {
  it('dev mode is a visibly labelled stand-in that yields the dev token', async () => {
    const el = await fixture<PorticoCaptcha>(html`<portico-captcha mode="dev"></portico-captcha>`);
    const tokens: string[] = [];
    el.addEventListener('portico-captcha', (e) => tokens.push(e.detail.token));
    expect(el.shadowRoot?.querySelector('label')?.textContent, 'label').to.equal(
      'Development captcha — not a real check',
    );
    const box = el.shadowRoot?.querySelector<HTMLInputElement>('input');
    box?.click();
    box?.click();
    expect(tokens, 'tokens').to.deep.equal(['dev-captcha-pass', '']);
    await expect(el).to.be.accessible();
  });

  it('speaks Spanish', async () => {
    const el = await fixture<PorticoCaptcha>(
      html`<portico-captcha mode="dev" locale="es"></portico-captcha>`,
    );
    expect(el.shadowRoot?.querySelector('label')?.textContent, 'label').to.contain(
      'Captcha de desarrollo',
    );
  });

  it('reset clears the answer', async () => {
    const el = await fixture<PorticoCaptcha>(html`<portico-captcha mode="dev"></portico-captcha>`);
    const box = el.shadowRoot?.querySelector<HTMLInputElement>('input');
    box?.click();
    let last = 'x';
    el.addEventListener('portico-captcha', (e) => {
      last = e.detail.token;
    });
    el.reset();
    expect(box?.checked, 'unticked').to.equal(false);
    expect(last, 'token cleared').to.equal('');
  });
});
