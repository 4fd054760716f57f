import { PASSWORD_MIN, PASSWORD_RECOMMENDED } from '@portico/shared/constants';
import { html } from 'lit';
import { PorticoAuthScreen } from '../../core/auth-screen.js';
import { code, email, newPassword, type Validator } from '../../core/validate.js';
import { resetStyles } from './reset.styles.js';

/**
 * Set a new password with the emailed code; success signs the shopper in.
 *
 * @fires portico-signed-in - with the SessionInfo
 */
export class PorticoReset extends PorticoAuthScreen {
  static override styles = [...PorticoAuthScreen.styles, resetStyles];

  protected override validators(): Record<string, Validator> {
    return { email, code, password: newPassword };
  }

  async #submit(e: Event): Promise<void> {
    e.preventDefault();
    if (!this.validateAll()) return;
    const result = await this.run('reset', () =>
      this.api.confirmReset({
        email: this.value('email').trim(),
        code: this.value('code').trim(),
        password: this.value('password'),
      }),
    );
    if (result.ok) this.emit('portico-signed-in', result.value);
  }

  protected override render() {
    return html`
      <h2 tabindex="-1" part="heading">${this.t('resetTitle')}</h2>
      ${this.renderNotice()}
      <form part="form" novalidate @submit=${this.#submit}>
        ${this.field({ name: 'email', label: this.t('email'), type: 'email', autocomplete: 'username' })}
        ${this.field({ name: 'code', label: this.t('code'), inputmode: 'numeric', autocomplete: 'one-time-code' })}
        ${this.field({
          name: 'password',
          label: this.t('newPassword'),
          type: 'password',
          autocomplete: 'new-password',
          hint: this.t('passwordHint', { min: PASSWORD_MIN, recommended: PASSWORD_RECOMMENDED }),
        })}
        <div class="actions">${this.button('reset', this.t('resetButton'), undefined, '', 'submit')}</div>
        ${this.renderProgress()}
      </form>
      <div class="links">
        ${this.link('login', this.t('backToLogin'))}
      </div>
    `;
  }
}
