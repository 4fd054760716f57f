import type { Card } from '@portico/shared';
import { html, nothing } from 'lit';
import { PorticoScreen } from '../../core/screen.js';
import { cardFieldsTarget, readCardToken } from './card-token.js';
import { cardsStyles } from './cards.styles.js';

/**
 * Cards on file: list, make default, remove (after confirming), and add through the
 * payment gateway's own card fields in an iframe, which hand us only a token.
 *
 * @fires portico-refresh - after any change
 * @csspart card-frame - the gateway's card-fields iframe
 */
export class PorticoCards extends PorticoScreen {
  static override styles = [...PorticoScreen.styles, cardsStyles];
  static override properties = {
    ...PorticoScreen.properties,
    adding: { state: true },
    makeDefault: { state: true },
  };

  declare adding: boolean;
  declare makeDefault: boolean;
  #target: { src: string; origin: string } | null = null;

  constructor() {
    super();
    this.adding = false;
    this.makeDefault = false;
  }

  readonly #onMessage = (event: MessageEvent): void => {
    if (!this.adding || !this.#target) return;
    const frame = this.renderRoot.querySelector<HTMLIFrameElement>('iframe');
    const message = readCardToken(event, this.#target.origin, frame);
    if (message) void this.#addCard(message.token);
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('message', this.#onMessage);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('message', this.#onMessage);
    super.disconnectedCallback();
  }

  async #addCard(token: string): Promise<void> {
    const result = await this.run(
      'add-card',
      () =>
        this.api.addCard({
          gateway_token: token,
          ...(this.makeDefault ? { make_default: true } : {}),
        }),
      'cardAdded',
    );
    if (result.ok) {
      this.adding = false;
      const added = (result.value as { id?: unknown } | undefined)?.id;
      this.announce('card-added', typeof added === 'string' ? { card_id: added } : {});
      this.emit('portico-refresh');
    }
  }

  async #remove(card: Card): Promise<void> {
    const result = await this.run(
      `remove:${card.id}`,
      () => this.api.removeCard(card.id),
      'cardRemoved',
    );
    this.confirming = '';
    if (!result.ok) return;
    this.announce('card-removed', { card_id: card.id });
    this.emit('portico-refresh');
  }

  async #setDefault(card: Card): Promise<void> {
    const result = await this.run(
      `default:${card.id}`,
      () => this.api.setDefaultCard(card.id),
      'cardDefaultSet',
    );
    if (!result.ok) return;
    this.announce('card-default-set', { card_id: card.id });
    this.emit('portico-refresh');
  }

  #startAdding(): void {
    this.#target = this.config ? cardFieldsTarget(this.config.card_fields_url) : null;
    this.adding = true;
    this.notice = null;
  }

  #renderCard(card: Card) {
    const label = this.t('cardLabel', {
      brand: card.brand,
      last4: card.last4,
      month: String(card.exp_month).padStart(2, '0'),
      year: card.exp_year,
    });
    return html`<li class="item" part="card">
      <p>${label} ${card.is_default ? html`<span class="badge">${this.t('isDefault')}</span>` : nothing}</p>
      <div class="actions">
        ${
          !card.is_default && this.can('credit_card_set_default')
            ? this.button(
                `default:${card.id}`,
                this.t('setDefault'),
                () => void this.#setDefault(card),
                'secondary',
              )
            : nothing
        }
        ${
          this.can('credit_card_remove')
            ? this.button(
                `ask-remove:${card.id}`,
                this.t('removeCard'),
                () => this.askConfirm(`remove:${card.id}`),
                'secondary',
              )
            : nothing
        }
      </div>
      ${this.renderConfirm(
        `remove:${card.id}`,
        this.t('removeCardConfirm', { brand: card.brand, last4: card.last4 }),
        () => void this.#remove(card),
      )}
    </li>`;
  }

  protected override render() {
    const o = this.overview;
    const heading = html`<h2 tabindex="-1" part="heading">${this.t('cardsTitle')}</h2>`;
    if (!o) return html`${heading}<p role="status">${this.t('loading')}</p>`;
    return html`${heading}
      ${this.renderNotice()}
      ${o.cards.length ? html`<ul class="items">${o.cards.map((c) => this.#renderCard(c))}</ul>` : html`<p>${this.t('noCards')}</p>`}
      ${this.can('credit_card_add') ? this.#renderAdd() : nothing}`;
  }

  #renderAdd() {
    if (!this.adding) {
      return html`<div class="actions">${this.button('open-add', this.t('addCard'), () => this.#startAdding())}</div>`;
    }
    return html`<section class="stack" aria-labelledby="add-h">
      <h3 id="add-h">${this.t('addCard')}</h3>
      <p class="hint">${this.t('addCardHint')}</p>
      ${
        this.#target
          ? html`<iframe part="card-frame" title=${this.t('addCardFrameTitle')} src=${this.#target.src} allow="payment"></iframe>`
          : html`<p class="invalid">${this.t('configError')}</p>`
      }
      <label><input type="checkbox" .checked=${this.makeDefault} @change=${(e: Event) => {
        this.makeDefault = (e.target as HTMLInputElement).checked;
      }} /> ${this.t('makeDefault')}</label>
      ${this.renderProgress()}
      <div class="actions">${this.button(
        'close-add',
        this.t('cancelAdd'),
        () => {
          this.adding = false;
        },
        'secondary',
      )}</div>
    </section>`;
  }
}
