import { html } from 'lit';
import { PorticoAuthScreen } from '../../core/auth-screen.js';
import { code, email, type Validator } from '../../core/validate.js';
import { confirmStyles } from './confirm.styles.js';

/**
 * Enter the six-digit code from the registration email; success signs the shopper in.
 *
 * @fires portico-signed-in - with the SessionInfo
 */
export class PorticoConfirm extends PorticoAuthScreen {
  static override styles = [...PorticoAuthScreen.styles, confirmStyles];

  protected override validators(): Record<string, Validator> {
    return { email, code };
  }

  async #submit(e: Event): Promise<void> {
    e.preventDefault();
    if (!this.validateAll()) return;
    const result = await this.run('confirm', () =>
      this.api.confirm({ email: this.value('email').trim(), code: this.value('code').trim() }),
    );
    if (result.ok) this.emit('portico-signed-in', result.value);
  }

  protected override render() {
    return html`
      <h2 tabindex="-1" part="heading">${this.t('confirmTitle')}</h2>
      ${this.renderNotice()}
      <form part="form" novalidate @submit=${this.#submit}>
        ${this.field({ name: 'email', label: this.t('email'), type: 'email', autocomplete: 'email' })}
        ${this.field({ name: 'code', label: this.t('code'), inputmode: 'numeric', autocomplete: 'one-time-code' })}
        <div class="actions">${this.button('confirm', this.t('confirmButton'), undefined, '', 'submit')}</div>
        ${this.renderProgress()}
      </form>
      <div class="links">
        ${this.link('login', this.t('backToLogin'))}
      </div>
    `;
  }
}
