import type { ChargeResult, DeepLink, OverviewSubscription } from '@portico/shared';
import { html, nothing, type PropertyValues } from 'lit';
import { PorticoScreen } from '../../core/screen.js';
import { optionalText } from '../../core/validate.js';
import { formatDate, formatMoney, type MessageKey } from '../../i18n/index.js';
import { subscriptionsStyles } from './subscriptions.styles.js';

export const CANCEL_REASONS = [
  'too_expensive',
  'not_needed',
  'too_much',
  'quality',
  'other',
] as const;

/**
 * Subscriptions: renew now (charged once per intent via Idempotency-Key), re-activate,
 * suspend and cancel (both confirmed first; cancel asks for a reason). Only permitted
 * actions for each status appear.
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
    if (!this.value(`reason:${sub.id}`))
      this.values = { ...this.values, [`reason:${sub.id}`]: 'too_expensive' };
    this.confirming = `cancel:${sub.id}`;
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

  async #cancel(sub: OverviewSubscription): Promise<void> {
    const reason = this.value(`reason:${sub.id}`) || 'other';
    const comment = optionalText(this.value(`comment:${sub.id}`));
    const result = await this.run(
      `cancel:${sub.id}`,
      () => this.api.subscriptionAction(sub.id, 'cancel', { body: { reason, comment } }),
      'cancelled',
    );
    this.confirming = '';
    if (!result.ok) return;
    this.announce('subscription-cancelled', { subscription_id: sub.id });
    this.emit('portico-refresh');
  }

  #cancelExtra(sub: OverviewSubscription) {
    const reasonId = `reason-${sub.id}`;
    const commentId = `comment-${sub.id}`;
    return html`<div class="field">
        <label for=${reasonId}>${this.t('cancelReason')}</label>
        <select id=${reasonId} name=${`reason:${sub.id}`} @change=${(e: Event) => this.setValue(`reason:${sub.id}`, (e.target as HTMLSelectElement).value)}>
          ${CANCEL_REASONS.map((r) => html`<option value=${r} ?selected=${(this.value(`reason:${sub.id}`) || 'too_expensive') === r}>${this.t(`reason_${r}` as MessageKey)}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for=${commentId}>${this.t('cancelComment')} <span class="muted">${this.t('optional')}</span></label>
        <textarea id=${commentId} name=${`comment:${sub.id}`} maxlength="2000" .value=${this.value(`comment:${sub.id}`)} @input=${(e: Event) => this.setValue(`comment:${sub.id}`, (e.target as HTMLTextAreaElement).value)}></textarea>
      </div>`;
  }

  #openCancel(sub: OverviewSubscription): void {
    if (!this.value(`reason:${sub.id}`))
      this.values = { ...this.values, [`reason:${sub.id}`]: 'too_expensive' };
    this.askConfirm(`cancel:${sub.id}`);
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
