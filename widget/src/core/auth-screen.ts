import { html, type PropertyValues, type TemplateResult } from 'lit';
import { ApiError } from '../api/errors.js';
import type { PorticoCaptcha } from '../components/captcha/captcha.component.js';
import { PorticoScreen } from './screen.js';
import '../components/captcha/define.js';

/**
 * Base of the signed-out screens: the email carried from the previous screen prefills the
 * form, a carried notice (e.g. "we sent you a code", "your session has ended") shows on
 * arrival, and the captcha is rendered and its answer kept.
 */
export class PorticoAuthScreen extends PorticoScreen {
  static override properties = {
    ...PorticoScreen.properties,
    email: { attribute: false },
    carriedNotice: { attribute: false },
    captchaRequired: { state: true },
  };

  declare email: string;
  declare carriedNotice: string;
  /** Set once the BFF answers `captcha_required` (after repeated failures). */
  declare captchaRequired: boolean;
  protected captchaToken = '';

  constructor() {
    super();
    this.email = '';
    this.carriedNotice = '';
    this.captchaRequired = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('email') && this.email && !this.value('email')) {
      this.values = { ...this.values, email: this.email };
    }
    if (changed.has('carriedNotice') && this.carriedNotice) {
      this.notice = { kind: 'info', text: this.carriedNotice };
    }
  }

  protected renderCaptcha(): TemplateResult {
    const cfg = this.config;
    return html`<portico-captcha
      mode=${cfg?.captcha_mode ?? 'dev'}
      site-key=${cfg?.recaptcha_site_key ?? ''}
      locale=${this.locale}
      @portico-captcha=${(e: CustomEvent<{ token: string }>) => {
        this.captchaToken = e.detail.token;
      }}
    ></portico-captcha>`;
  }

  /** A captcha answer is single-use: clear it after every submit that failed. */
  protected resetCaptcha(): void {
    this.captchaToken = '';
    this.renderRoot.querySelector<PorticoCaptcha>('portico-captcha')?.reset();
  }

  /** After a failed submit: clears the captcha, and shows it when the BFF now asks for one. */
  protected afterFailure(error: unknown): void {
    this.resetCaptcha();
    if (error instanceof ApiError && error.code === 'captcha_required') {
      this.captchaRequired = true;
      this.notice = { kind: 'error', text: this.t('captchaNeeded') };
    }
  }

  /** The captcha token to send, only once the BFF has asked for one. */
  protected requestedCaptcha(): { captcha_token?: string } {
    return this.captchaRequired && this.captchaToken ? { captcha_token: this.captchaToken } : {};
  }

  /** A link-styled button to another signed-out screen, carrying the typed email. */
  protected link(screen: 'login' | 'register' | 'confirm' | 'forgot' | 'reset', label: string) {
    return html`<button type="button" class="link" part="button" data-go=${screen} @click=${() => this.navigate({ screen, email: this.value('email') })}>${label}</button>`;
  }
}
