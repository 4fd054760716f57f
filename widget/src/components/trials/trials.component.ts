import type { ChargeResult, OverviewTrial } from '@portico/shared';
import { html, nothing } from 'lit';
import { PorticoScreen } from '../../core/screen.js';
import { formatDate, formatMoney, type MessageKey } from '../../i18n/index.js';
import { trialsStyles } from './trials.styles.js';

/**
 * Trials: end now and pay (charged once per intent via Idempotency-Key), or cancel
 * (confirmed first).
 *
 * @fires portico-refresh - after any change
 */
export class PorticoTrials extends PorticoScreen {
  static override styles = [...PorticoScreen.styles, trialsStyles];

  async #expire(trial: OverviewTrial): Promise<void> {
    const id = `expire:${trial.id}`;
    const result = await this.runWithKey(id, id, (idempotencyKey) =>
      this.api.trialAction(trial.id, 'expire', { idempotencyKey }),
    );
    if (!result.ok) return;
    this.notice = this.chargeNotice(result.value as Partial<ChargeResult>, 'trialExpired');
    this.announceCharge(result.value as Partial<ChargeResult>, 'trial-expired', {
      trial_id: trial.id,
    });
    this.emit('portico-refresh');
  }

  async #cancel(trial: OverviewTrial): Promise<void> {
    const result = await this.run(
      `cancel:${trial.id}`,
      () => this.api.trialAction(trial.id, 'cancel'),
      'trialCancelled',
    );
    this.confirming = '';
    if (!result.ok) return;
    this.announce('trial-cancelled', { trial_id: trial.id });
    this.emit('portico-refresh');
  }

  #renderTrial(trial: OverviewTrial) {
    const active = trial.status === 'active';
    return html`<li class="item" part="card">
      <h3>${trial.product_name}</h3>
      <p>${this.t('status', { status: this.t(`status_${trial.status}` as MessageKey) })}</p>
      ${active ? html`<p>${this.t('trialEnds', { date: formatDate(this.locale, trial.expires_at), amount: formatMoney(this.locale, trial.expiration_amount, trial.currency) })}</p>` : nothing}
      ${
        active
          ? html`<div class="actions">
              ${this.can('trial_expire') ? this.button(`expire:${trial.id}`, this.t('expireTrial'), () => void this.#expire(trial)) : nothing}
              ${this.can('trial_cancel') ? this.button(`ask-cancel:${trial.id}`, this.t('cancelTrial'), () => this.askConfirm(`cancel:${trial.id}`), 'secondary') : nothing}
            </div>`
          : nothing
      }
      ${this.renderConfirm(`cancel:${trial.id}`, this.t('cancelTrialConfirm', { product: trial.product_name }), () => void this.#cancel(trial))}
    </li>`;
  }

  protected override render() {
    const o = this.overview;
    const heading = html`<h2 tabindex="-1" part="heading">${this.t('trialsTitle')}</h2>`;
    if (!o) return html`${heading}<p role="status">${this.t('loading')}</p>`;
    return html`${heading}
      ${this.renderNotice()}
      ${this.renderProgress()}
      ${o.trials.length ? html`<ul class="items">${o.trials.map((t) => this.#renderTrial(t))}</ul>` : html`<p>${this.t('noTrials')}</p>`}`;
  }
}
