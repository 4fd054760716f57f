import { PASSWORD_MIN, PASSWORD_RECOMMENDED } from '@portico/shared/constants';
import { html, type PropertyValues } from 'lit';
import { PorticoScreen } from '../../core/screen.js';
import { code, email, newPassword, type Validator } from '../../core/validate.js';
import { resetStyles } from './reset.styles.js';

/**
 * Set a new password with the emailed code; success signs the shopper in.
 *
 * @fires portico-signed-in - with the SessionInfo
 */
export class PorticoReset extends PorticoScreen {
  static override styles = [...PorticoScreen.styles, resetStyles];
  static override properties = {
    ...PorticoScreen.properties,
    email: { attribute: false },
    carriedNotice: { attribute: false },
  };

  declare email: string;
  declare carriedNotice: string;

  constructor() {
    super();
    this.email = '';
    this.carriedNotice = '';
  }

  protected override validators(): Record<string, Validator> {
    return { email, code, password: newPassword };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('email') && this.email && !this.value('email')) {
      this.values = { ...this.values, email: this.email };
    }
    if (changed.has('carriedNotice') && this.carriedNotice) {
      this.notice = { kind: 'success', text: this.carriedNotice };
    }
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
        <button type="button" class="link" part="button" @click=${() => this.navigate({ screen: 'login', email: this.value('email') })}>${this.t('backToLogin')}</button>
      </div>
    `;
  }
}
