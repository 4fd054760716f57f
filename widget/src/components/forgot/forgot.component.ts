import { html, nothing } from 'lit';
import { PorticoAuthScreen } from '../../core/auth-screen.js';
import { email, type Validator } from '../../core/validate.js';
import { forgotStyles } from './forgot.styles.js';

/**
 * Ask for a password-reset code. Always answered with 202, so it reveals nothing; the
 * captcha appears if the BFF asks for it.
 *
 * @fires portico-navigate - to reset (with the email)
 */
export class PorticoForgot extends PorticoAuthScreen {
  static override styles = [...PorticoAuthScreen.styles, forgotStyles];
  protected override validators(): Record<string, Validator> {
    return { email };
  }

  async #submit(e: Event): Promise<void> {
    e.preventDefault();
    if (!this.validateAll()) return;
    const emailValue = this.value('email').trim();
    const result = await this.run('forgot', () =>
      this.api.requestReset({
        email: emailValue,
        ...this.requestedCaptcha(),
      }),
    );
    if (result.ok) {
      this.navigate({ screen: 'reset', email: emailValue, notice: this.t('forgotSent') });
      return;
    }
    this.afterFailure(result.error);
  }

  protected override render() {
    return html`
      <h2 tabindex="-1" part="heading">${this.t('forgotTitle')}</h2>
      ${this.renderNotice()}
      <form part="form" novalidate @submit=${this.#submit}>
        ${this.field({ name: 'email', label: this.t('email'), type: 'email', autocomplete: 'email' })}
        ${this.captchaRequired ? this.renderCaptcha() : nothing}
        <div class="actions">${this.button('forgot', this.t('forgotButton'), undefined, '', 'submit')}</div>
        ${this.renderProgress()}
      </form>
      <div class="links">
        ${this.link('reset', this.t('haveCodeLink'))}
        ${this.link('login', this.t('backToLogin'))}
      </div>
    `;
  }
}
