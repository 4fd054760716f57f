import type { DeepLink, OverviewSalvage } from '@portico/shared';
import { html, nothing } from 'lit';
import { ApiError } from '../../api/errors.js';
import { PorticoScreen } from '../../core/screen.js';
import { formatDate, formatMoney, type MessageKey } from '../../i18n/index.js';
import { paymentsStyles } from './payments.styles.js';

/**
 * Payments due (failed renewals and failed trial expirations): pay with the default or a
 * chosen card. One Idempotency-Key per (transaction, card) intent, reused on retry, so a
 * double click or a retry after a timeout charges once.
 *
 * @fires portico-refresh - after a payment
 */
export class PorticoPayments extends PorticoScreen {
  static override styles = [...PorticoScreen.styles, paymentsStyles];
  static override properties = { ...PorticoScreen.properties, deepLink: { attribute: false } };

  /** From a login link: the failed payment to show as the one to pay. */
  declare deepLink: DeepLink | null;

  constructor() {
    super();
    this.deepLink = null;
  }

  #chosenCard(tx: OverviewSalvage): string {
    const chosen = this.value(`card:${tx.id}`);
    if (chosen) return chosen;
    const cards = this.overview?.cards ?? [];
    return (cards.find((c) => c.is_default) ?? cards[0])?.id ?? '';
  }

  async #pay(tx: OverviewSalvage): Promise<void> {
    const cardId = this.#chosenCard(tx);
    const defaultId = this.overview?.cards.find((c) => c.is_default)?.id;
    const body = cardId && cardId !== defaultId ? { card_id: cardId } : {};
    // The intent includes the card: paying with another card is a new intent (new key).
    const result = await this.runWithKey(`pay:${tx.id}`, `pay:${tx.id}:${cardId}`, (key) =>
      this.api.pay(tx.id, body, key),
    );
    if (result.ok) {
      this.notice = this.chargeNotice(result.value, 'paid');
      this.announceCharge(result.value, 'payment-succeeded', { salvage_transaction_id: tx.id });
      this.emit('portico-refresh');
    } else if (result.error instanceof ApiError && result.error.code === 'already_paid') {
      this.emit('portico-refresh');
    }
  }

  #renderTx(tx: OverviewSalvage) {
    const cards = this.overview?.cards ?? [];
    const amount = formatMoney(this.locale, tx.amount, tx.currency);
    const selectId = `card-${tx.id}`;
    const label = this.t(`source_${tx.source}` as MessageKey, { product: tx.product_name });
    const link = this.deepLink;
    const linked = link?.flow === 'pay_salvage' && link.salvage_transaction_id === tx.id;
    return html`<li class="item ${linked ? 'linked' : ''}" part="card" data-salvage=${tx.id} aria-current=${linked ? 'true' : nothing}>
      <h3>${label}</h3>
      <p>${amount} · ${formatDate(this.locale, tx.created_at)}</p>
      ${
        !this.can('salvage_transaction_process')
          ? nothing
          : cards.length === 0
            ? html`<p>${this.t('needCard')}</p>`
            : html`<div class="pay">
                <div class="field">
                  <label for=${selectId}>${this.t('payWith')}</label>
                  <select id=${selectId} name=${`card:${tx.id}`} @change=${(e: Event) => this.setValue(`card:${tx.id}`, (e.target as HTMLSelectElement).value)}>
                    ${cards.map(
                      (c) => html`<option value=${c.id} ?selected=${this.#chosenCard(tx) === c.id}>
                        ${this.t('cardLabel', { brand: c.brand, last4: c.last4, month: String(c.exp_month).padStart(2, '0'), year: c.exp_year })}${c.is_default ? ` (${this.t('isDefault')})` : ''}
                      </option>`,
                    )}
                  </select>
                </div>
                <div class="actions">${this.button(`pay:${tx.id}`, this.t('payButton', { amount }), () => void this.#pay(tx))}</div>
              </div>`
      }
    </li>`;
  }

  protected override render() {
    const o = this.overview;
    const heading = html`<h2 tabindex="-1" part="heading">${this.t('paymentsTitle')}</h2>`;
    if (!o) return html`${heading}<p role="status">${this.t('loading')}</p>`;
    const due = o.salvage_transactions.filter((s) => s.status === 'pending');
    return html`${heading}
      ${this.renderNotice()}
      ${this.renderProgress()}
      ${due.length ? html`<ul class="items">${due.map((tx) => this.#renderTx(tx))}</ul>` : html`<p>${this.t('noPayments')}</p>`}`;
  }
}
