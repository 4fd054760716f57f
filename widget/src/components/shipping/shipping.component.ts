import type { Address, DeepLink } from '@portico/shared';
import { html, nothing, type PropertyValues } from 'lit';
import {
  addressValidators,
  addressValues,
  formatAddress,
  readAddress,
  renderAddressFields,
} from '../../core/address.js';
import { PorticoScreen } from '../../core/screen.js';
import type { Validator } from '../../core/validate.js';
import { shippingStyles } from './shipping.styles.js';

/**
 * Shipping addresses: the customer's default ship-to and each live subscription's own.
 * Editable only with `shipping_modify_ship_to`.
 *
 * @fires portico-refresh - after a save
 */
export class PorticoShipping extends PorticoScreen {
  static override styles = [...PorticoScreen.styles, shippingStyles];
  static override properties = {
    ...PorticoScreen.properties,
    editing: { state: true },
    deepLink: { attribute: false },
  };

  /** 'customer', a subscription id, or '' when no form is open. */
  declare editing: string;
  /** From a login link: open the form for that subscription's ship-to, or the default one. */
  declare deepLink: DeepLink | null;

  constructor() {
    super();
    this.editing = '';
    this.deepLink = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const link = this.deepLink;
    if (!changed.has('deepLink') || link?.flow !== 'update_ship_to') return;
    if (!this.can('shipping_modify_ship_to') || !this.overview) return;
    const sub = this.overview.subscriptions.find(
      (x) => x.id === link.subscription_id && x.status !== 'cancelled',
    );
    // Opened in the same update; focusHeading() then lands on the form's first field.
    this.values = addressValues(sub ? sub.ship_to : this.overview.ship_to);
    this.editing = sub ? sub.id : 'customer';
  }

  /** A deep-linked form takes focus at its first field. */
  override async focusHeading(): Promise<void> {
    await this.updateComplete;
    const first = this.editing
      ? this.renderRoot.querySelector<HTMLElement>('[name="first_name"]')
      : null;
    if (first) first.focus();
    else await super.focusHeading();
  }

  protected override validators(): Record<string, Validator> {
    return addressValidators((n) => this.value(n));
  }

  #edit(target: string, address: Address | null): void {
    this.values = addressValues(address);
    this.errors = {};
    this.editing = target;
    this.notice = null;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>('[name="first_name"]')?.focus(),
    );
  }

  async #submit(e: Event): Promise<void> {
    e.preventDefault();
    if (!this.validateAll()) return;
    const target = this.editing;
    const address = readAddress((n) => this.value(n));
    const result = await this.run(
      'save-address',
      () =>
        target === 'customer'
          ? this.api.updateShipTo(address)
          : this.api.updateSubscriptionShipTo(target, address),
      'addressSaved',
    );
    if (result.ok) {
      this.editing = '';
      this.announce('ship-to-updated', target === 'customer' ? {} : { subscription_id: target });
      this.emit('portico-refresh');
    }
  }

  #renderAddress(address: Address | null) {
    if (!address) return html`<p class="muted">${this.t('noAddress')}</p>`;
    const lines = formatAddress(address);
    return html`<address>${lines.map((l) => html`${l}<br />`)}</address>`;
  }

  #renderForm() {
    return html`<form part="form" novalidate @submit=${this.#submit}>
      ${renderAddressFields(
        (o) => this.field(o),
        (k) => this.t(k),
        '',
        'shipping',
      )}
      <div class="actions">
        ${this.button('save-address', this.t('save'), undefined, '', 'submit')}
        ${this.button(
          'cancel-edit',
          this.t('cancelAdd'),
          () => {
            this.editing = '';
          },
          'secondary',
        )}
      </div>
      ${this.renderProgress()}
    </form>`;
  }

  #renderBlock(id: string, title: string, address: Address | null) {
    const editable = this.can('shipping_modify_ship_to');
    return html`<li class="item" part="card">
      <h3>${title}</h3>
      ${
        this.editing === id
          ? this.#renderForm()
          : html`${this.#renderAddress(address)}
            ${editable ? html`<div class="actions">${this.button(`edit:${id}`, this.t('edit'), () => this.#edit(id, address), 'secondary')}</div>` : nothing}`
      }
    </li>`;
  }

  protected override render() {
    const o = this.overview;
    const heading = html`<h2 tabindex="-1" part="heading">${this.t('shippingTitle')}</h2>`;
    if (!o) return html`${heading}<p role="status">${this.t('loading')}</p>`;
    const subs = o.subscriptions.filter((s) => s.status !== 'cancelled');
    return html`${heading}
      ${this.renderNotice()}
      <ul class="items">
        ${this.#renderBlock('customer', this.t('customerShipTo'), o.ship_to)}
        ${subs.map((s) =>
          this.#renderBlock(
            s.id,
            this.t('subscriptionShipTo', { product: s.product_name }),
            s.ship_to,
          ),
        )}
      </ul>`;
  }
}
