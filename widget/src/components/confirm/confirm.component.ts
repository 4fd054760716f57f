import { html, type PropertyValues } from 'lit';
import { PorticoScreen } from '../../core/screen.js';
import { code, email, type Validator } from '../../core/validate.js';
import { confirmStyles } from './confirm.styles.js';

/**
 * Enter the six-digit code from the registration email; success signs the shopper in.
 *
 * @fires portico-signed-in - with the SessionInfo
 */
export class PorticoConfirm extends PorticoScreen {
  static override styles = [...PorticoScreen.styles, confirmStyles];
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
    return { email, code };
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
        <button type="button" class="link" part="button" @click=${() => this.navigate({ screen: 'login', email: this.value('email') })}>${this.t('backToLogin')}</button>
      </div>
    `;
  }
}
