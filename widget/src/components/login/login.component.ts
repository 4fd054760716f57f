import { html, nothing } from 'lit';
import { PorticoAuthScreen } from '../../core/auth-screen.js';
import { anyPassword, email, type Validator } from '../../core/validate.js';
import { loginStyles } from './login.styles.js';

/**
 * Log in. After repeated failures the BFF answers `captcha_required`; the captcha then
 * appears and the same form is sent again with its token.
 *
 * @fires portico-signed-in - with the SessionInfo
 * @fires portico-navigate - to register, forgot or confirm
 * @csspart heading @csspart form @csspart field @csspart input @csspart button @csspart message
 */
export class PorticoLogin extends PorticoAuthScreen {
  static override styles = [...PorticoAuthScreen.styles, loginStyles];
  protected override validators(): Record<string, Validator> {
    return { email, password: anyPassword };
  }

  async #submit(e: Event): Promise<void> {
    e.preventDefault();
    if (!this.validateAll()) return;
    if (this.captchaRequired && !this.captchaToken) {
      this.notice = { kind: 'error', text: this.t('captchaMissing') };
      return;
    }
    const result = await this.run('login', () =>
      this.api.login({
        email: this.value('email').trim(),
        password: this.value('password'),
        ...this.requestedCaptcha(),
      }),
    );
    if (result.ok) {
      this.emit('portico-signed-in', result.value);
      return;
    }
    this.afterFailure(result.error);
  }

  protected override render() {
    // method=dialog: outside a dialog a native submit does nothing, so the portal page's
    // prerendered copy of this form (decision 0012) never sends the password in a URL,
    // even before (or without) any script.
    return html`
      <h2 tabindex="-1" part="heading">${this.t('loginTitle')}</h2>
      ${this.renderNotice()}
      <form part="form" method="dialog" novalidate @submit=${this.#submit}>
        ${this.field({ name: 'email', label: this.t('email'), type: 'email', autocomplete: 'username' })}
        ${this.field({ name: 'password', label: this.t('password'), type: 'password', autocomplete: 'current-password' })}
        ${this.captchaRequired ? this.renderCaptcha() : nothing}
        <div class="actions">${this.button('login', this.t('loginButton'), undefined, '', 'submit')}</div>
        ${this.renderProgress()}
      </form>
      <div class="links">
        ${this.link('forgot', this.t('forgotLink'))}
        ${this.link('register', this.t('registerLink'))}
        ${this.link('confirm', this.t('haveCodeLink'))}
      </div>
    `;
  }
}
