import { PASSWORD_MIN, PASSWORD_RECOMMENDED } from '@portico/shared/constants';
import { html } from 'lit';
import { PorticoAuthScreen } from '../../core/auth-screen.js';
import { email, newPassword, optionalText, type Validator } from '../../core/validate.js';
import { registerStyles } from './register.styles.js';

/**
 * Register with email, password, optional names and the captcha. The BFF answers 202
 * whatever happened (no enumeration); the shopper goes on to enter the emailed code.
 *
 * @fires portico-navigate - to confirm (with the email) or back to log in
 */
export class PorticoRegister extends PorticoAuthScreen {
  static override styles = [...PorticoAuthScreen.styles, registerStyles];

  protected override validators(): Record<string, Validator> {
    return { email, password: newPassword };
  }

  async #submit(e: Event): Promise<void> {
    e.preventDefault();
    if (!this.validateAll()) return;
    if (!this.captchaToken) {
      this.notice = { kind: 'error', text: this.t('captchaMissing') };
      return;
    }
    const emailValue = this.value('email').trim();
    const result = await this.run('register', () =>
      this.api.register({
        email: emailValue,
        password: this.value('password'),
        captcha_token: this.captchaToken,
        first_name: optionalText(this.value('first_name')),
        last_name: optionalText(this.value('last_name')),
      }),
    );
    if (result.ok) {
      this.navigate({ screen: 'confirm', email: emailValue, notice: this.t('registerSent') });
    } else {
      this.resetCaptcha();
    }
  }

  protected override render() {
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
        ${this.renderCaptcha()}
        <div class="actions">${this.button('register', this.t('registerButton'), undefined, '', 'submit')}</div>
        ${this.renderProgress()}
      </form>
      ${this.link('login', this.t('backToLogin'))}
    `;
  }
}
