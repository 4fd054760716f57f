import type { CaptchaMode } from '@portico/shared/constants';
import { html, LitElement } from 'lit';
import { t, type WidgetLocale } from '../../i18n/index.js';
import { tokens } from '../../styles/shared.styles.js';
import { captchaStyles } from './captcha.styles.js';

/** The dev stand-in's token, accepted only by a BFF in dev captcha mode. */
export const DEV_CAPTCHA_TOKEN = 'dev-captcha-pass';
const RECAPTCHA_SRC = 'https://www.google.com/recaptcha/api.js?render=explicit';

interface Grecaptcha {
  ready(cb: () => void): void;
  render(
    el: HTMLElement,
    opts: {
      sitekey: string;
      callback: (token: string) => void;
      'expired-callback': () => void;
      hl?: string;
    },
  ): number;
  reset(id?: number): void;
}

let loading: Promise<Grecaptcha> | undefined;

/** Loads Google's v2 script once per page. */
function loadRecaptcha(): Promise<Grecaptcha> {
  const w = window as unknown as { grecaptcha?: Grecaptcha };
  if (w.grecaptcha?.render) return Promise.resolve(w.grecaptcha);
  loading ??= new Promise<Grecaptcha>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = RECAPTCHA_SRC;
    script.async = true;
    // Under the portal page's nonce CSP, pass our own nonce on (with 'strict-dynamic').
    const nonce = document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce;
    if (nonce) script.nonce = nonce;
    script.onload = () => {
      const g = w.grecaptcha;
      if (g) g.ready(() => resolve(g));
      else reject(new Error('reCAPTCHA did not load'));
    };
    script.onerror = () => {
      loading = undefined;
      reject(new Error('reCAPTCHA did not load'));
    };
    document.head.append(script);
  });
  return loading;
}

/**
 * reCAPTCHA v2 checkbox, or in dev mode a visibly-labelled stand-in.
 *
 * @fires portico-captcha - `detail.token` is the answer, '' when it expired or was unticked.
 * @csspart dev - the development stand-in box
 */
export class PorticoCaptcha extends LitElement {
  static override styles = [tokens, captchaStyles];
  static override properties = {
    mode: {},
    siteKey: { attribute: 'site-key' },
    locale: {},
  };

  declare mode: CaptchaMode;
  declare siteKey: string;
  declare locale: WidgetLocale;
  #widgetId: number | undefined;
  #grecaptcha: Grecaptcha | undefined;

  constructor() {
    super();
    this.mode = 'dev';
    this.siteKey = '';
    this.locale = 'en';
  }

  /** Clears the answer (after a failed submit, a token cannot be reused). */
  reset(): void {
    if (this.mode === 'dev') {
      const box = this.renderRoot.querySelector<HTMLInputElement>('input');
      if (box) box.checked = false;
    } else {
      this.#grecaptcha?.reset(this.#widgetId);
    }
    this.#send('');
  }

  #send(token: string): void {
    this.dispatchEvent(
      new CustomEvent('portico-captcha', { detail: { token }, bubbles: true, composed: true }),
    );
  }

  protected override firstUpdated(): void {
    if (this.mode !== 'recaptcha') return;
    // reCAPTCHA renders into light DOM (slotted), where Google's script can find it.
    const host = document.createElement('div');
    host.slot = 'recaptcha';
    this.append(host);
    loadRecaptcha()
      .then((g) => {
        this.#grecaptcha = g;
        this.#widgetId = g.render(host, {
          sitekey: this.siteKey,
          callback: (token) => this.#send(token),
          'expired-callback': () => this.#send(''),
          hl: this.locale,
        });
      })
      .catch(() => this.#send(''));
  }

  protected override render() {
    if (this.mode === 'recaptcha') {
      return html`<div role="group" aria-label=${t(this.locale, 'captchaLabel')}><slot name="recaptcha"></slot></div>`;
    }
    return html`<div class="dev" part="dev">
      <input
        id="dev-captcha"
        type="checkbox"
        @change=${(e: Event) => this.#send((e.target as HTMLInputElement).checked ? DEV_CAPTCHA_TOKEN : '')}
      />
      <label for="dev-captcha">${t(this.locale, 'captchaDev')}</label>
    </div>`;
  }
}

declare global {
  interface HTMLElementEventMap {
    'portico-captcha': CustomEvent<{ token: string }>;
  }
}
