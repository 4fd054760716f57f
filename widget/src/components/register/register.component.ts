import { PASSWORD_MIN, PASSWORD_RECOMMENDED } from '@portico/shared/constants';
import { html, type PropertyValues } from 'lit';
import { PorticoScreen } from '../../core/screen.js';
import { email, newPassword, optionalText, type Validator } from '../../core/validate.js';
import type { PorticoCaptcha } from '../captcha/captcha.component.js';
import { registerStyles } from './register.styles.js';
import '../captcha/define.js';

/**
 * Register with email, password, optional names and the captcha. The BFF answers 202
 * whatever happened (no enumeration); the shopper goes on to enter the emailed code.
 *
 * @fires portico-navigate - to confirm (with the email) or back to log in
 */
export class PorticoRegister extends PorticoScreen {
  static override styles = [...PorticoScreen.styles, registerStyles];
  static override properties = { ...PorticoScreen.properties, email: { attribute: false } };

  declare email: string;
  #captchaToken = '';

  constructor() {
    super();
    this.email = '';
  }

  protected override validators(): Record<string, Validator> {
    return { email, password: newPassword };
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
    if (!this.#captchaToken) {
      this.notice = { kind: 'error', text: this.t('captchaMissing') };
      return;
    }
    const emailValue = this.value('email').trim();
    const result = await this.run('register', () =>
      this.api.register({
        email: emailValue,
        password: this.value('password'),
        captcha_token: this.#captchaToken,
        first_name: optionalText(this.value('first_name')),
        last_name: optionalText(this.value('last_name')),
      }),
    );
    if (result.ok) {
      this.navigate({ screen: 'confirm', email: emailValue, notice: this.t('registerSent') });
    } else {
      this.#captchaToken = '';
      this.renderRoot.querySelector<PorticoCaptcha>('portico-captcha')?.reset();
    }
  }

  protected override render() {
    const cfg = this.config;
    return html`
      <h2 tabindex="-1" part="heading">${this.t('registerTitle')}</h2>
      ${this.renderNotice()}
      <form part="form" novalidate @submit=${this.#submit}>
        ${this.field({ name: 'email', label: this.t('email'), type: 'email', autocomplete: 'email' })}
        ${this.field({
          name: 'password',
          label: this.t('password'),
          type: 'password',
          autocomplete: 'new-password',
          hint: this.t('passwordHint', { min: PASSWORD_MIN, recommended: PASSWORD_RECOMMENDED }),
        })}
        <div class="names">
          ${this.field({ name: 'first_name', label: this.t('firstName'), autocomplete: 'given-name', optional: true })}
          ${this.field({ name: 'last_name', label: this.t('lastName'), autocomplete: 'family-name', optional: true })}
        </div>
        <portico-captcha
          mode=${cfg?.captcha_mode ?? 'dev'}
          site-key=${cfg?.recaptcha_site_key ?? ''}
          locale=${this.locale}
          @portico-captcha=${(e: CustomEvent<{ token: string }>) => {
            this.#captchaToken = e.detail.token;
          }}
        ></portico-captcha>
        <div class="actions">${this.button('register', this.t('registerButton'), undefined, '', 'submit')}</div>
        ${this.renderProgress()}
      </form>
      <button type="button" class="link" part="button" @click=${() => this.navigate({ screen: 'login', email: this.value('email') })}>${this.t('backToLogin')}</button>
    `;
  }
}
