import type { ContactUpdate } from '@portico/shared';
import { html, nothing, type PropertyValues } from 'lit';
import {
  addressValidators,
  addressValues,
  formatAddress,
  isAddressBlank,
  readAddress,
  renderAddressFields,
} from '../../core/address.js';
import { PorticoScreen } from '../../core/screen.js';
import { email, optionalText, type Validator } from '../../core/validate.js';
import { contactStyles } from './contact.styles.js';

/** Form-field prefix of the billing address. */
const BILL = 'bill_';

/**
 * Contact details: name, company, phone, email and billing
 * address. Changing the email asks for the
 * current password. Read-only without `contact_modify`.
 *
 * @fires portico-refresh - after a save, so the overview reloads
 */
export class PorticoContact extends PorticoScreen {
  static override styles = [...PorticoScreen.styles, contactStyles];
  #loadedFrom: unknown;

  protected override validators(): Record<string, Validator> {
    return {
      email,
      current_password: (v) => (this.#emailChanged() && !v ? this.t('required') : ''),
      ...addressValidators((n) => this.value(n), BILL, 'ok'),
    };
  }

  #emailChanged(): boolean {
    const current = this.overview?.contact.email ?? '';
    return this.value('email').trim().toLowerCase() !== current.toLowerCase();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const c = this.overview?.contact;
    if (c && this.#loadedFrom !== c && !this.busy) {
      this.#loadedFrom = c;
      this.values = {
        first_name: c.first_name ?? '',
        last_name: c.last_name ?? '',
        company: c.company ?? '',
        phone: c.phone ?? '',
        email: c.email,
        current_password: '',
        ...addressValues(c.bill_to, BILL),
      };
    }
  }

  async #submit(e: Event): Promise<void> {
    e.preventDefault();
    if (!this.validateAll()) return;
    const body: ContactUpdate = {
      first_name: optionalText(this.value('first_name')),
      last_name: optionalText(this.value('last_name')),
      company: optionalText(this.value('company')),
      phone: optionalText(this.value('phone')),
      bill_to: isAddressBlank((n) => this.value(n), BILL)
        ? null
        : readAddress((n) => this.value(n), BILL),
    };
    if (this.#emailChanged()) {
      body.email = this.value('email').trim();
      body.current_password = this.value('current_password');
    }
    const result = await this.run(
      'save-contact',
      () => this.api.updateContact(body),
      'contactSaved',
    );
    if (result.ok) {
      this.values = { ...this.values, current_password: '' };
      this.announce('contact-updated');
      this.emit('portico-refresh');
    }
  }

  protected override render() {
    const c = this.overview?.contact;
    const heading = html`<h2 tabindex="-1" part="heading">${this.t('contactTitle')}</h2>`;
    if (!c) return html`${heading}<p role="status">${this.t('loading')}</p>`;
    if (!this.can('contact_modify')) {
      return html`${heading}
        <dl class="stack">
          <div><dt>${this.t('firstName')}</dt><dd>${c.first_name ?? ''}</dd></div>
          <div><dt>${this.t('lastName')}</dt><dd>${c.last_name ?? ''}</dd></div>
          <div><dt>${this.t('company')}</dt><dd>${c.company ?? ''}</dd></div>
          <div><dt>${this.t('phone')}</dt><dd>${c.phone ?? ''}</dd></div>
          <div><dt>${this.t('email')}</dt><dd>${c.email}</dd></div>
          <div><dt>${this.t('billTo')}</dt><dd>${formatAddress(c.bill_to).join(', ')}</dd></div>
        </dl>`;
    }
    return html`${heading}
      ${this.renderNotice()}
      <form part="form" novalidate @submit=${this.#submit}>
        <div class="names">
          ${this.field({ name: 'first_name', label: this.t('firstName'), autocomplete: 'given-name', optional: true })}
          ${this.field({ name: 'last_name', label: this.t('lastName'), autocomplete: 'family-name', optional: true })}
        </div>
        ${this.field({ name: 'company', label: this.t('company'), autocomplete: 'organization', optional: true })}
        ${this.field({ name: 'phone', label: this.t('phone'), type: 'tel', autocomplete: 'tel', optional: true })}
        ${this.field({ name: 'email', label: this.t('email'), type: 'email', autocomplete: 'email' })}
        ${
          this.#emailChanged()
            ? this.field({
                name: 'current_password',
                label: this.t('currentPassword'),
                type: 'password',
                autocomplete: 'current-password',
              })
            : nothing
        }
        <fieldset>
          <legend>${this.t('billTo')}</legend>
          ${renderAddressFields(
            (o) => this.field(o),
            (k) => this.t(k),
            BILL,
            'billing',
            true,
          )}
        </fieldset>
        <div class="actions">${this.button('save-contact', this.t('save'), undefined, '', 'submit')}</div>
        ${this.renderProgress()}
      </form>`;
  }
}
