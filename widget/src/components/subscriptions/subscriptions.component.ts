import type { ChargeResult, DeepLink, OverviewSubscription } from '@portico/shared';
import { html, nothing, type PropertyValues } from 'lit';
import { PorticoScreen } from '../../core/screen.js';
import { optionalText } from '../../core/validate.js';
import { formatDate, formatMoney, type MessageKey } from '../../i18n/index.js';
import { CANCEL_REASONS, offersSave, reasonOptions } from './cancel-flow.js';
import { subscriptionsStyles } from './subscriptions.styles.js';

export { CANCEL_REASONS };

/**
 * Subscriptions: renew now (charged once per intent via Idempotency-Key), re-activate,
 * suspend and cancel (both confirmed first). Cancel follows the portal's own flow: an
 * optional save step offering to suspend instead, the merchant's reasons (localized) and a
 * comment box as the portal asks. Only permitted actions for each status appear.
 *
 * @fires portico-refresh - after any change
 */
export class PorticoSubscriptions extends PorticoScreen {
  static override styles = [...PorticoScreen.styles, subscriptionsStyles];
  static override properties = { ...PorticoScreen.properties, deepLink: { attribute: false } };

  /** From a login link: the subscription to show first, or to open the cancel step of. */
  declare deepLink: DeepLink | null;

  constructor() {
    super();
    this.deepLink = null;
  }

  #linkedId(): string | undefined {
    const link = this.deepLink;
    return link && 'subscription_id' in link ? link.subscription_id : undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (!changed.has('deepLink') || this.deepLink?.flow !== 'cancel_subscription') return;
    const sub = this.overview?.subscriptions.find((x) => x.id === this.#linkedId());
    if (!sub || sub.status === 'cancelled' || !this.can('subscription_cancel')) return;
    // Opened in the same update; focusHeading() then lands on "Keep it".
    this.#prepareCancel(sub);
    this.confirming = this.#cancelEntry(sub);
  }

  /** A deep-linked cancel step keeps focus on its safe choice ("Keep it"). */
  override async focusHeading(): Promise<void> {
    await this.updateComplete;
    const keep = this.confirming
      ? this.renderRoot.querySelector<HTMLElement>(`[data-action="${this.confirming}:no"]`)
      : null;
    if (keep) keep.focus();
    else await super.focusHeading();
  }

  async #renew(sub: OverviewSubscription): Promise<void> {
    const id = `renew:${sub.id}`;
    const result = await this.runWithKey(id, id, (idempotencyKey) =>
      this.api.subscriptionAction(sub.id, 'renew', { idempotencyKey }),
    );
    if (!result.ok) return;
    this.notice = this.chargeNotice(result.value as Partial<ChargeResult>, 'renewed');
    this.announceCharge(result.value as Partial<ChargeResult>, 'subscription-renewed', {
      subscription_id: sub.id,
    });
    this.emit('portico-refresh');
  }

  async #simple(sub: OverviewSubscription, action: 'activate' | 'suspend', done: MessageKey) {
    const result = await this.run(
      `${action}:${sub.id}`,
      () => this.api.subscriptionAction(sub.id, action),
      done,
    );
    this.confirming = '';
    if (!result.ok) return;
    this.announce(action === 'activate' ? 'subscription-activated' : 'subscription-suspended', {
      subscription_id: sub.id,
    });
    this.emit('portico-refresh');
  }

  /** The first step of cancelling: the save offer when the portal makes one, else the form. */
  #cancelEntry(sub: OverviewSubscription): string {
    return offersSave(this.config, sub.status, this.can('subscription_suspend'))
      ? `save:${sub.id}`
      : `cancel:${sub.id}`;
  }

  /** The built-in reasons start on the first; the merchant's own have no default. */
  #prepareCancel(sub: OverviewSubscription): void {
    const { own } = reasonOptions(this.config, this.locale, (k) => this.t(k));
    if (!own && !this.value(`reason:${sub.id}`))
      this.values = { ...this.values, [`reason:${sub.id}`]: CANCEL_REASONS[0] };
  }

  #openCancel(sub: OverviewSubscription): void {
    this.#prepareCancel(sub);
    this.askConfirm(this.#cancelEntry(sub));
  }

  /** Checks the form against the portal's settings; focuses the first problem. */
  #validCancel(sub: OverviewSubscription): boolean {
    const reasonField = `reason:${sub.id}`;
    const commentField = `comment:${sub.id}`;
    const errors = { ...this.errors, [reasonField]: '', [commentField]: '' };
    if (!this.value(reasonField)) errors[reasonField] = this.t('reasonRequired');
    if (this.config?.cancel_comment === 'required' && !this.value(commentField).trim())
      errors[commentField] = this.t('required');
    this.errors = errors;
    const first = [reasonField, commentField].find((f) => errors[f]);
    if (first)
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector<HTMLElement>(`[name="${first}"]`)?.focus(),
      );
    return !first;
  }

  async #cancel(sub: OverviewSubscription): Promise<void> {
    if (!this.#validCancel(sub)) return;
    const reason = this.value(`reason:${sub.id}`);
    const comment =
      this.config?.cancel_comment === 'off'
        ? undefined
        : optionalText(this.value(`comment:${sub.id}`));
    const result = await this.run(
      `cancel:${sub.id}`,
      () =>
        this.api.subscriptionAction(sub.id, 'cancel', {
          body: comment ? { reason, comment } : { reason },
        }),
      'cancelled',
    );
    this.confirming = '';
    if (!result.ok) return;
    this.announce('subscription-cancelled', { subscription_id: sub.id });
    this.emit('portico-refresh');
  }

  async #suspendInstead(sub: OverviewSubscription): Promise<void> {
    const result = await this.run(
      `save:${sub.id}:suspend`,
      () => this.api.subscriptionAction(sub.id, 'suspend', { body: { save_offer: true } }),
      'savedBySuspend',
    );
    this.confirming = '';
    if (!result.ok) return;
    this.announce('subscription-suspended', { subscription_id: sub.id });
    this.emit('portico-refresh');
  }

  #renderSave(sub: OverviewSubscription) {
    const id = `save:${sub.id}`;
    if (this.confirming !== id) return nothing;
    return html`<div class="confirm" role="group" aria-labelledby="save-q" aria-describedby="save-hint" part="confirm">
      <p id="save-q"><strong>${this.t('saveOfferQuestion', { product: sub.product_name })}</strong></p>
      <p id="save-hint">${this.t('saveOfferHint')}</p>
      <div class="actions">
        ${this.button(`${id}:suspend`, this.t('suspendInstead'), () => void this.#suspendInstead(sub))}
        ${this.button(`${id}:continue`, this.t('continueCancel'), () => this.askConfirm(`cancel:${sub.id}`), 'secondary')}
        <button type="button" part="button" class="secondary" data-action="${id}:no" ?disabled=${this.busy !== ''} @click=${() => {
          this.confirming = '';
        }}>${this.t('cancelAction')}</button>
      </div>
    </div>`;
  }

  #cancelExtra(sub: OverviewSubscription) {
    const reasonField = `reason:${sub.id}`;
    const commentField = `comment:${sub.id}`;
    const reasonId = `reason-${sub.id}`;
    const commentId = `comment-${sub.id}`;
    const { own, options } = reasonOptions(this.config, this.locale, (k) => this.t(k));
    const mode = this.config?.cancel_comment ?? 'optional';
    const reasonError = this.errors[reasonField] ?? '';
    const commentError = this.errors[commentField] ?? '';
    return html`<div class="field" part="field">
        <label for=${reasonId}>${this.t('cancelReason')}</label>
        <select id=${reasonId} name=${reasonField} required aria-invalid=${reasonError ? 'true' : 'false'} aria-describedby=${reasonError ? `${reasonId}-error` : nothing} @change=${(e: Event) => this.setValue(reasonField, (e.target as HTMLSelectElement).value)}>
          ${own ? html`<option value="" ?selected=${!this.value(reasonField)}>${this.t('chooseReason')}</option>` : nothing}
          ${options.map((r) => html`<option value=${r.id} ?selected=${this.value(reasonField) === r.id}>${r.label}</option>`)}
        </select>
        ${reasonError ? html`<p class="invalid" id="${reasonId}-error">${reasonError}</p>` : nothing}
      </div>
      ${
        mode === 'off'
          ? nothing
          : html`<div class="field" part="field">
              <label for=${commentId}>${this.t('cancelComment')}${mode === 'optional' ? html` <span class="muted">${this.t('optional')}</span>` : nothing}</label>
              <textarea id=${commentId} name=${commentField} maxlength="2000" ?required=${mode === 'required'} aria-invalid=${commentError ? 'true' : 'false'} aria-describedby=${commentError ? `${commentId}-error` : nothing} .value=${this.value(commentField)} @input=${(e: Event) => this.setValue(commentField, (e.target as HTMLTextAreaElement).value)}></textarea>
              ${commentError ? html`<p class="invalid" id="${commentId}-error">${commentError}</p>` : nothing}
            </div>`
      }`;
  }

  #renderSub(sub: OverviewSubscription) {
    const price = formatMoney(this.locale, sub.amount, sub.currency);
    const live = sub.status !== 'cancelled';
    const linked = sub.id === this.#linkedId();
    return html`<li class="item ${linked ? 'linked' : ''}" part="card" data-sub=${sub.id} aria-current=${linked ? 'true' : nothing}>
      <h3>${sub.product_name}</h3>
      <p>${this.t('every', { amount: price, count: sub.interval_count, interval: this.t(`interval_${sub.interval}` as MessageKey) })}</p>
      <p>${this.t('status', { status: this.t(`status_${sub.status}` as MessageKey) })}</p>
      ${sub.next_renewal_at && sub.status === 'active' ? html`<p>${this.t('nextRenewal', { date: formatDate(this.locale, sub.next_renewal_at) })}</p>` : nothing}
      <div class="actions">
        ${sub.status === 'active' && this.can('subscription_renew') ? this.button(`renew:${sub.id}`, this.t('renew'), () => void this.#renew(sub)) : nothing}
        ${sub.status !== 'active' && this.can('subscription_activate') ? this.button(`activate:${sub.id}`, this.t('activate'), () => void this.#simple(sub, 'activate', 'activated')) : nothing}
        ${sub.status === 'active' && this.can('subscription_suspend') ? this.button(`ask-suspend:${sub.id}`, this.t('suspend'), () => this.askConfirm(`suspend:${sub.id}`), 'secondary') : nothing}
        ${live && this.can('subscription_cancel') ? this.button(`ask-cancel:${sub.id}`, this.t('cancelSubscription'), () => this.#openCancel(sub), 'secondary') : nothing}
      </div>
      ${this.renderConfirm(`suspend:${sub.id}`, this.t('suspendConfirm', { product: sub.product_name }), () => void this.#simple(sub, 'suspend', 'suspended'))}
      ${this.#renderSave(sub)}
      ${this.renderConfirm(`cancel:${sub.id}`, this.t('cancelConfirm', { product: sub.product_name }), () => void this.#cancel(sub), this.#cancelExtra(sub))}
    </li>`;
  }

  protected override render() {
    const o = this.overview;
    const heading = html`<h2 tabindex="-1" part="heading">${this.t('subscriptionsTitle')}</h2>`;
    if (!o) return html`${heading}<p role="status">${this.t('loading')}</p>`;
    return html`${heading}
      ${this.renderNotice()}
      ${this.renderProgress()}
      ${
        o.subscriptions.length
          ? html`<ul class="items">${o.subscriptions.map((s) => this.#renderSub(s))}</ul>`
          : html`<p>${this.t('noSubscriptions')}</p>`
      }`;
  }
}
