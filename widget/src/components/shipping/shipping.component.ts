import type { Address } from '@portico/shared';
import { html, nothing } from 'lit';
import { PorticoScreen } from '../../core/screen.js';
import { country, optionalText, required, type Validator } from '../../core/validate.js';
import { shippingStyles } from './shipping.styles.js';

const ADDRESS_FIELDS = [
  'first_name',
  'last_name',
  'company',
  'line1',
  'line2',
  'city',
  'state',
  'postal_code',
  'country',
  'phone',
] as const;

/**
 * Shipping addresses: the customer's default ship-to and each live subscription's own.
 * Editable only with `shipping_modify_ship_to`.
 *
 * @fires portico-refresh - after a save
 */
export class PorticoShipping extends PorticoScreen {
  static override styles = [...PorticoScreen.styles, shippingStyles];
  static override properties = { ...PorticoScreen.properties, editing: { state: true } };

  /** 'customer', a subscription id, or '' when no form is open. */
  declare editing: string;

  constructor() {
    super();
    this.editing = '';
  }

  protected override validators(): Record<string, Validator> {
    return { line1: required, city: required, country };
  }

  #edit(target: string, address: Address | null): void {
    const values: Record<string, string> = {};
    for (const f of ADDRESS_FIELDS) values[f] = (address?.[f] as string | null | undefined) ?? '';
    this.values = values;
    this.errors = {};
    this.editing = target;
    this.notice = null;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>('[name="first_name"]')?.focus(),
    );
  }

  #address(): Address {
    return {
      first_name: optionalText(this.value('first_name')),
      last_name: optionalText(this.value('last_name')),
      company: optionalText(this.value('company')),
      line1: this.value('line1').trim(),
      line2: optionalText(this.value('line2')),
      city: this.value('city').trim(),
      state: optionalText(this.value('state')),
      postal_code: optionalText(this.value('postal_code')),
      country: this.value('country').trim().toUpperCase(),
      phone: optionalText(this.value('phone')),
    };
  }

  async #submit(e: Event): Promise<void> {
    e.preventDefault();
    if (!this.validateAll()) return;
    const target = this.editing;
    const address = this.#address();
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
      this.emit('portico-refresh');
    }
  }

  #renderAddress(address: Address | null) {
    if (!address) return html`<p class="muted">${this.t('noAddress')}</p>`;
    const lines = [
      [address.first_name, address.last_name].filter(Boolean).join(' '),
      address.company,
      address.line1,
      address.line2,
      [address.postal_code, address.city, address.state].filter(Boolean).join(' '),
      address.country,
    ].filter((l): l is string => Boolean(l));
    return html`<address>${lines.map((l) => html`${l}<br />`)}</address>`;
  }

  #renderForm() {
    return html`<form part="form" novalidate @submit=${this.#submit}>
      <div class="grid">
        ${this.field({ name: 'first_name', label: this.t('firstName'), autocomplete: 'shipping given-name', optional: true })}
        ${this.field({ name: 'last_name', label: this.t('lastName'), autocomplete: 'shipping family-name', optional: true })}
      </div>
      ${this.field({ name: 'company', label: this.t('company'), autocomplete: 'shipping organization', optional: true })}
      ${this.field({ name: 'line1', label: this.t('line1'), autocomplete: 'shipping address-line1' })}
      ${this.field({ name: 'line2', label: this.t('line2'), autocomplete: 'shipping address-line2', optional: true })}
      <div class="grid">
        ${this.field({ name: 'city', label: this.t('city'), autocomplete: 'shipping address-level2' })}
        ${this.field({ name: 'state', label: this.t('state'), autocomplete: 'shipping address-level1', optional: true })}
        ${this.field({ name: 'postal_code', label: this.t('postalCode'), autocomplete: 'shipping postal-code', optional: true })}
        ${this.field({ name: 'country', label: this.t('country'), autocomplete: 'shipping country' })}
      </div>
      ${this.field({ name: 'phone', label: this.t('phone'), type: 'tel', autocomplete: 'shipping tel', optional: true })}
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
