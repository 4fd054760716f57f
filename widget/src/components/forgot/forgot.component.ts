import { html, nothing, type PropertyValues } from 'lit';
import { ApiError } from '../../api/errors.js';
import { PorticoScreen } from '../../core/screen.js';
import { email, type Validator } from '../../core/validate.js';
import type { PorticoCaptcha } from '../captcha/captcha.component.js';
import { forgotStyles } from './forgot.styles.js';
import '../captcha/define.js';

/**
 * Ask for a password-reset code. Always answered with 202, so it reveals nothing.
 *
 * @fires portico-navigate - to reset (with the email)
 */
export class PorticoForgot extends PorticoScreen {
  static override styles = [...PorticoScreen.styles, forgotStyles];
  static override properties = {
    ...PorticoScreen.properties,
    email: { attribute: false },
    captchaRequired: { state: true },
  };

  declare email: string;
  declare captchaRequired: boolean;
  #captchaToken = '';

  constructor() {
    super();
    this.email = '';
    this.captchaRequired = false;
  }

  protected override validators(): Record<string, Validator> {
    return { email };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('email') && this.email && !this.value('email')) {
      this.values = { ...this.values, email: this.email };
    }
  }

  async #submit(e: Event): Promise<void> {
    e.preventDefault();
    if (!this.validateAll()) return;
    const emailValue = this.value('email').trim();
    const result = await this.run('forgot', () =>
      this.api.requestReset({
        email: emailValue,
        ...(this.captchaRequired && this.#captchaToken
          ? { captcha_token: this.#captchaToken }
          : {}),
      }),
    );
    if (result.ok) {
      this.navigate({ screen: 'reset', email: emailValue, notice: this.t('forgotSent') });
      return;
    }
    this.renderRoot.querySelector<PorticoCaptcha>('portico-captcha')?.reset();
    if (result.error instanceof ApiError && result.error.code === 'captcha_required') {
      this.captchaRequired = true;
    }
  }

  protected override render() {
    const cfg = this.config;
    return html`
      <h2 tabindex="-1" part="heading">${this.t('forgotTitle')}</h2>
      ${this.renderNotice()}
      <form part="form" novalidate @submit=${this.#submit}>
        ${this.field({ name: 'email', label: this.t('email'), type: 'email', autocomplete: 'email' })}
        ${
          this.captchaRequired && cfg
            ? html`<portico-captcha mode=${cfg.captcha_mode} site-key=${cfg.recaptcha_site_key} locale=${this.locale}
                @portico-captcha=${(e: CustomEvent<{ token: string }>) => {
                  this.#captchaToken = e.detail.token;
                }}></portico-captcha>`
            : nothing
        }
        <div class="actions">${this.button('forgot', this.t('forgotButton'), undefined, '', 'submit')}</div>
        ${this.renderProgress()}
      </form>
      <div class="links">
        <button type="button" class="link" part="button" @click=${() => this.navigate({ screen: 'reset', email: this.value('email') })}>${this.t('haveCodeLink')}</button>
        <button type="button" class="link" part="button" @click=${() => this.navigate({ screen: 'login', email: this.value('email') })}>${this.t('backToLogin')}</button>
      </div>
    `;
  }
}
