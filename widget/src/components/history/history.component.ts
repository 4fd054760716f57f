import type { ShopperTransaction } from '@portico/shared';
import { html, nothing, type PropertyValues } from 'lit';
import { PorticoScreen } from '../../core/screen.js';
import { formatDate, formatMoney, type MessageKey } from '../../i18n/index.js';
import { historyStyles } from './history.styles.js';

/**
 * Payment history: the shopper's charges, newest first, with what each paid for, the card,
 * and a "Receipt" link (a printable page in a new tab) for successful ones. Older pages
 * load on demand.
 *
 * @csspart heading @csspart card @csspart receipt @csspart button @csspart message
 */
export class PorticoHistory extends PorticoScreen {
  static override styles = [...PorticoScreen.styles, historyStyles];
  static override properties = {
    ...PorticoScreen.properties,
    items: { state: true },
    nextCursor: { state: true },
    loaded: { state: true },
  };

  declare items: ShopperTransaction[];
  declare nextCursor: string | null;
  declare loaded: boolean;

  constructor() {
    super();
    this.items = [];
    this.nextCursor = null;
    this.loaded = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // A new API (first mount or another portal) starts the list afresh.
    if (changed.has('api') && this.api) {
      this.items = [];
      this.nextCursor = null;
      this.loaded = false;
      void this.#load();
    }
  }

  async #load(cursor?: string): Promise<void> {
    const result = await this.run(cursor ? 'more' : 'load', () => this.api.transactions(cursor));
    if (!result.ok) return;
    this.items = cursor ? [...this.items, ...result.value.data] : result.value.data;
    this.nextCursor = result.value.next_cursor;
    this.loaded = true;
  }

  #what(tx: ShopperTransaction): string {
    const kind = this.t(`kind_${tx.kind}` as MessageKey);
    return tx.product_name ? `${kind}: ${tx.product_name}` : kind;
  }

  #renderTx(tx: ShopperTransaction) {
    const amount = formatMoney(this.locale, tx.amount, tx.currency);
    const date = formatDate(this.locale, tx.created_at);
    const what = this.#what(tx);
    return html`<li class="item" part="card" data-tx=${tx.id}>
      <div class="row">
        <h3>${what}</h3>
        <span class="amount">${amount}</span>
      </div>
      <p class="row">
        <span>${date}</span>
        <span class=${`tx-${tx.status}`}>${this.t(`tx_${tx.status}` as MessageKey)}</span>
      </p>
      ${tx.card ? html`<p>${this.t('paidWith', { brand: tx.card.brand, last4: tx.card.last4 })}</p>` : nothing}
      ${
        tx.receipt_available
          ? html`<p><a part="receipt" href=${this.api.receiptUrl(tx.id)} target="_blank" rel="noopener noreferrer" aria-label=${this.t('receiptFor', { what, date })}>${this.t('receipt')}</a></p>`
          : nothing
      }
    </li>`;
  }

  #renderBody() {
    if (!this.loaded) {
      return this.notice?.kind === 'error'
        ? html`<p>${this.t('historyError')}</p>
            <div class="actions">${this.button('retry', this.t('retry'), () => void this.#load())}</div>`
        : html`<p role="status">${this.t('loading')}</p>`;
    }
    return html`${this.renderProgress()}
      ${
        this.items.length
          ? html`<ul class="items">${this.items.map((tx) => this.#renderTx(tx))}</ul>`
          : html`<p>${this.t('noHistory')}</p>`
      }
      ${
        this.nextCursor
          ? html`<div class="actions">${this.button('more', this.t('loadMore'), () => void this.#load(this.nextCursor ?? undefined), 'secondary')}</div>`
          : nothing
      }`;
  }

  protected override render() {
    // One outer template, so the heading (and focus on it) survives the list arriving.
    return html`<h2 tabindex="-1" part="heading">${this.t('historyTitle')}</h2>
      ${this.renderNotice()}
      ${this.#renderBody()}`;
  }
}
