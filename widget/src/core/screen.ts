import type { AccountOverview, ChargeResult, PortalConfig } from '@portico/shared';
import type { Permission } from '@portico/shared/permissions';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { PorticoApi } from '../api/client.js';
import { ApiError } from '../api/errors.js';
import { IntentKeys } from '../api/idempotency.js';
import { errorMessage, type MessageKey, type Params, t, type WidgetLocale } from '../i18n/index.js';
import { screenStyles, tokens } from '../styles/shared.styles.js';
import type { HostEventDetail, HostEventName, NavigateDetail, PorticoEventMap } from './events.js';
import type { PrerenderedInput } from './prerender.js';
import type { Validator } from './validate.js';

export interface Notice {
  kind: 'error' | 'success' | 'info';
  text: string;
}

export interface FieldOptions {
  name: string;
  label: string;
  type?: string;
  autocomplete?: string;
  hint?: string;
  inputmode?: string;
  optional?: boolean;
}

/**
 * Base of every screen: API access, translation, permissions, one in-flight action at a
 * time with progress, an aria-live message line, inline confirmation for destructive
 * actions, and forms that validate as the shopper types and keep input on error.
 */
export class PorticoScreen extends LitElement {
  static override styles = [tokens, screenStyles];

  static override properties = {
    api: { attribute: false },
    config: { attribute: false },
    overview: { attribute: false },
    locale: { reflect: true },
    busy: { state: true },
    notice: { state: true },
    confirming: { state: true },
    values: { state: true },
    errors: { state: true },
  };

  declare api: PorticoApi;
  declare config: PortalConfig | undefined;
  declare overview: AccountOverview | undefined;
  declare locale: WidgetLocale;
  /** Id of the action in flight, '' when idle. */
  declare busy: string;
  declare notice: Notice | null;
  /** Id of the destructive action awaiting confirmation, '' when none. */
  declare confirming: string;
  declare values: Record<string, string>;
  declare errors: Record<string, string>;
  readonly #intents = new IntentKeys();

  constructor() {
    super();
    this.locale = 'en';
    this.busy = '';
    this.notice = null;
    this.confirming = '';
    this.values = {};
    this.errors = {};
  }

  /** Validators per form field; screens with forms override. */
  protected validators(): Record<string, Validator> {
    return {};
  }

  protected t(key: MessageKey, params?: Params): string {
    return t(this.locale, key, params);
  }

  protected can(permission: Permission): boolean {
    const list = this.overview?.permissions ?? this.config?.permissions ?? [];
    return list.includes(permission);
  }

  protected emit<K extends keyof PorticoEventMap>(
    type: K,
    detail?: PorticoEventMap[K]['detail'],
  ): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  /** A successful action, for the host page (`portico:<name>` on the root); ids only. */
  protected announce(name: HostEventName, detail: HostEventDetail = {}): void {
    this.emit('portico-action', { name, detail });
  }

  /** Announces a charge only when it succeeded (a decline is not the action happening). */
  protected announceCharge(
    charge: Partial<ChargeResult> | undefined,
    name: HostEventName,
    detail: HostEventDetail,
  ): void {
    if (charge?.status !== 'succeeded') return;
    this.announce(name, { ...detail, transaction_id: charge.transaction_id ?? '' });
  }

  protected navigate(detail: NavigateDetail): void {
    this.emit('portico-navigate', detail);
  }

  /**
   * Takes over from the portal page's prerendered copy of this screen: what the shopper
   * typed into its fields, the focus, and a submit or link followed before the widget
   * loaded, which happens now.
   */
  async takeOver(input: PrerenderedInput): Promise<void> {
    const fields = this.validators();
    const typed = Object.entries(input.values).filter(([name]) => Object.hasOwn(fields, name));
    this.values = { ...this.values, ...Object.fromEntries(typed) };
    await this.updateComplete;
    if (Object.hasOwn(fields, input.focus)) {
      this.renderRoot.querySelector<HTMLElement>(`[name="${input.focus}"]`)?.focus();
    }
    const go = /^go:([a-z-]+)$/.exec(input.action)?.[1];
    if (input.action === 'submit') this.renderRoot.querySelector('form')?.requestSubmit();
    else if (go) this.renderRoot.querySelector<HTMLElement>(`[data-go="${go}"]`)?.click();
  }

  /** Moves focus to the screen's heading, so screen readers announce the new screen. */
  async focusHeading(): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('h2')?.focus();
  }

  /**
   * Runs a charging action with an Idempotency-Key for its intent. The key is kept when
   * the outcome is unclear (retry sends the same key, so the server charges once) and
   * dropped once the answer is settled. A click while another action runs does nothing.
   */
  protected async runWithKey<T>(
    id: string,
    intent: string,
    action: (idempotencyKey: string) => Promise<T>,
  ): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
    if (this.busy) return { ok: false, error: new Error('busy') };
    const key = this.#intents.keyFor(intent);
    const result = await this.run(id, () => action(key));
    if (result.ok || !(result.error instanceof ApiError && result.error.isRetryable)) {
      this.#intents.settle(intent);
    }
    return result;
  }

  /** The message for a charge answer: a decline (200 with status failed) or success. */
  protected chargeNotice(charge: Partial<ChargeResult> | undefined, success: MessageKey): Notice {
    if (charge?.status === 'failed') {
      const reason = charge.decline_message ?? charge.decline_code ?? '';
      return { kind: 'error', text: this.t('chargeFailed', { reason }) };
    }
    return { kind: 'success', text: this.t(success) };
  }

  /**
   * Runs one action: progress and a disabled button while in flight, a mapped message
   * after. A 401 session end sends the shopper back to log in.
   */
  protected async run<T>(
    id: string,
    action: () => Promise<T>,
    success?: MessageKey,
  ): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
    if (this.busy) return { ok: false, error: new Error('busy') };
    this.busy = id;
    this.notice = null;
    try {
      const value = await action();
      if (success) this.notice = { kind: 'success', text: this.t(success) };
      return { ok: true, value };
    } catch (error) {
      if (error instanceof ApiError && error.isSessionEnd) {
        this.emit('portico-session-expired');
      } else {
        this.notice = { kind: 'error', text: errorMessage(this.locale, error) };
      }
      return { ok: false, error };
    } finally {
      this.busy = '';
    }
  }

  // ---- forms -------------------------------------------------------------------

  protected value(name: string): string {
    return this.values[name] ?? '';
  }

  protected setValue(name: string, value: string): void {
    this.values = { ...this.values, [name]: value };
    const validator = this.validators()[name];
    if (validator) this.errors = { ...this.errors, [name]: validator(value, this.locale) };
  }

  /** Validates every field; focuses the first invalid one. */
  protected validateAll(names?: string[]): boolean {
    const validators = this.validators();
    const errors: Record<string, string> = { ...this.errors };
    let first = '';
    for (const name of names ?? Object.keys(validators)) {
      const message = validators[name]?.(this.value(name), this.locale) ?? '';
      errors[name] = message;
      if (message && !first) first = name;
    }
    this.errors = errors;
    if (first) {
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector<HTMLElement>(`[name="${first}"]`)?.focus(),
      );
    }
    return !first;
  }

  protected field(options: FieldOptions): TemplateResult {
    const { name, label, type = 'text', autocomplete, hint, inputmode, optional } = options;
    const error = this.errors[name] ?? '';
    const id = `f-${name}`;
    const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : '']
      .filter(Boolean)
      .join(' ');
    return html`<div class="field" part="field">
      <label for=${id}>${label}${optional ? html` <span class="muted">${this.t('optional')}</span>` : nothing}</label>
      ${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : nothing}
      <input
        id=${id}
        name=${name}
        part="input"
        type=${type}
        .value=${this.value(name)}
        autocomplete=${autocomplete ?? 'off'}
        inputmode=${inputmode ?? nothing}
        ?required=${!optional}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${described || nothing}
        @input=${(e: Event) => this.setValue(name, (e.target as HTMLInputElement).value)}
      />
      ${error ? html`<p class="invalid" id="${id}-error">${error}</p>` : nothing}
    </div>`;
  }

  protected button(
    id: string,
    label: string,
    onClick?: () => void,
    variant: '' | 'secondary' | 'danger' | 'link' = '',
    type: 'button' | 'submit' = 'button',
  ): TemplateResult {
    const inFlight = this.busy === id;
    return html`<button
      type=${type}
      part="button"
      class=${variant}
      ?disabled=${this.busy !== ''}
      aria-busy=${inFlight ? 'true' : 'false'}
      data-action=${id}
      @click=${onClick ?? nothing}
    >
      ${inFlight ? this.t('working') : label}
    </button>`;
  }

  /** Inline "are you sure?" for a destructive action. */
  protected renderConfirm(
    id: string,
    question: string,
    onConfirm: () => void,
    extra: TemplateResult | typeof nothing = nothing,
  ): TemplateResult | typeof nothing {
    if (this.confirming !== id) return nothing;
    return html`<div class="confirm" role="group" aria-labelledby="confirm-q" part="confirm">
      <p id="confirm-q"><strong>${question}</strong></p>
      ${extra}
      <div class="actions">
        ${this.button(`${id}:yes`, this.t('confirmAction'), onConfirm, 'danger')}
        <button type="button" part="button" class="secondary" data-action="${id}:no" ?disabled=${this.busy !== ''} @click=${() => {
          this.confirming = '';
        }}>
          ${this.t('cancelAction')}
        </button>
      </div>
    </div>`;
  }

  protected askConfirm(id: string): void {
    this.confirming = id;
    this.notice = null;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(`[data-action="${id}:no"]`)?.focus(),
    );
  }

  protected renderNotice(): TemplateResult {
    const n = this.notice;
    // Always present so assistive tech is already watching the region when text arrives.
    return html`<p
      class="message ${n?.kind ?? ''}"
      part="message"
      role=${n?.kind === 'error' ? 'alert' : 'status'}
      aria-live=${n?.kind === 'error' ? 'assertive' : 'polite'}
    >${n?.text ?? ''}</p>`;
  }

  protected renderProgress(): TemplateResult | typeof nothing {
    return this.busy ? html`<progress aria-label=${this.t('working')}></progress>` : nothing;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has('locale') && changed.get('locale') !== undefined) {
      // Re-validate touched fields so messages follow the language.
      const validators = this.validators();
      const errors: Record<string, string> = {};
      for (const [name, message] of Object.entries(this.errors)) {
        errors[name] = message ? (validators[name]?.(this.value(name), this.locale) ?? '') : '';
      }
      this.errors = errors;
    }
  }
}
