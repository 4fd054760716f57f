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

describe('portico-captcha recaptcha mode', () => {
  it("renders Google's checkbox with the site key and relays its token", async () => {
    const calls: Array<{ el: HTMLElement; sitekey: string; callback: (t: string) => void }> = [];
    const w = window as unknown as { grecaptcha?: unknown };
    // A stand-in for Google's script, already "loaded", so nothing is fetched.
    w.grecaptcha = {
      ready: (cb: () => void) => cb(),
      render: (el: HTMLElement, opts: { sitekey: string; callback: (t: string) => void }) => {
        calls.push({ el, ...opts });
        return 7;
      },
      reset: () => {},
    };
    try {
      const el = await fixture<PorticoCaptcha>(
        html`<portico-captcha mode="recaptcha" site-key="site-123"></portico-captcha>`,
      );
      await new Promise((r) => setTimeout(r, 0));
      expect(calls[0]?.sitekey, 'site key').to.equal('site-123');
      expect(calls[0]?.el.slot, 'rendered in light DOM, slotted').to.equal('recaptcha');
      const tokens: string[] = [];
      el.addEventListener('portico-captcha', (e) => tokens.push(e.detail.token));
      calls[0]?.callback('google-token');
      expect(tokens, 'token relayed').to.deep.equal(['google-token']);
      await expect(el).to.be.accessible();
    } finally {
      delete w.grecaptcha;
    }
  });
});
