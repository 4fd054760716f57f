import { html, nothing, type PropertyValues } from 'lit';
import { ApiError } from '../../api/errors.js';
import { PorticoScreen } from '../../core/screen.js';
import { anyPassword, email, type Validator } from '../../core/validate.js';
import type { PorticoCaptcha } from '../captcha/captcha.component.js';
import { loginStyles } from './login.styles.js';
import '../captcha/define.js';

/**
 * Log in. After repeated failures the BFF answers `captcha_required`; the captcha then
 * appears and the same form is sent again with its token.
 *
 * @fires portico-signed-in - with the SessionInfo
 * @fires portico-navigate - to register, forgot or confirm
 * @csspart heading @csspart form @csspart field @csspart input @csspart button @csspart message
 */
export class PorticoLogin extends PorticoScreen {
  static override styles = [...PorticoScreen.styles, loginStyles];
  static override properties = {
    ...PorticoScreen.properties,
    email: { attribute: false },
    captchaRequired: { state: true },
    sessionNotice: { attribute: false },
  };

  declare email: string;
  declare captchaRequired: boolean;
  /** A message carried in, e.g. "your session has ended". */
  declare sessionNotice: string;
  #captchaToken = '';

  constructor() {
    super();
    this.email = '';
    this.captchaRequired = false;
    this.sessionNotice = '';
  }

  protected override validators(): Record<string, Validator> {
    return { email, password: anyPassword };
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('email') && this.email && !this.value('email')) {
      this.values = { ...this.values, email: this.email };
    }
    if (changed.has('sessionNotice') && this.sessionNotice) {
      this.notice = { kind: 'info', text: this.sessionNotice };
    }
  }

  async #submit(e: Event): Promise<void> {
    e.preventDefault();
    if (!this.validateAll()) return;
    if (this.captchaRequired && !this.#captchaToken) {
      this.notice = { kind: 'error', text: this.t('captchaMissing') };
      return;
    }
    const result = await this.run('login', () =>
      this.api.login({
        email: this.value('email').trim(),
        password: this.value('password'),
        ...(this.captchaRequired ? { captcha_token: this.#captchaToken } : {}),
      }),
    );
    if (result.ok) {
      this.emit('portico-signed-in', result.value);
      return;
    }
    if (this.captchaRequired)
      this.renderRoot.querySelector<PorticoCaptcha>('portico-captcha')?.reset();
    if (result.error instanceof ApiError && result.error.code === 'captcha_required') {
      this.captchaRequired = true;
      this.notice = { kind: 'error', text: this.t('captchaNeeded') };
    }
  }

  protected override render() {
    const cfg = this.config;
    return html`
      <h2 tabindex="-1" part="heading">${this.t('loginTitle')}</h2>
      ${this.renderNotice()}
      <form part="form" novalidate @submit=${this.#submit}>
        ${this.field({ name: 'email', label: this.t('email'), type: 'email', autocomplete: 'username' })}
        ${this.field({ name: 'password', label: this.t('password'), type: 'password', autocomplete: 'current-password' })}
        ${
          this.captchaRequired && cfg
            ? html`<portico-captcha
                mode=${cfg.captcha_mode}
                site-key=${cfg.recaptcha_site_key}
                locale=${this.locale}
                @portico-captcha=${(e: CustomEvent<{ token: string }>) => {
                  this.#captchaToken = e.detail.token;
                }}
              ></portico-captcha>`
            : nothing
        }
        <div class="actions">${this.button('login', this.t('loginButton'), undefined, '', 'submit')}</div>
        ${this.renderProgress()}
      </form>
      <div class="links">
        <button type="button" class="link" part="button" @click=${() => this.navigate({ screen: 'forgot', email: this.value('email') })}>${this.t('forgotLink')}</button>
        <button type="button" class="link" part="button" @click=${() => this.navigate({ screen: 'register', email: this.value('email') })}>${this.t('registerLink')}</button>
        <button type="button" class="link" part="button" @click=${() => this.navigate({ screen: 'confirm', email: this.value('email') })}>${this.t('haveCodeLink')}</button>
      </div>
    `;
  }
}
