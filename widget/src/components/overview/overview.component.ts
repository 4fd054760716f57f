import type { SessionInfo } from '@portico/shared';
import { html, nothing } from 'lit';
import { PorticoScreen } from '../../core/screen.js';
import { formatMoney } from '../../i18n/index.js';
import { overviewStyles } from './overview.styles.js';

/**
 * The account at a glance, with links to each section.
 *
 * @fires portico-navigate
 */
export class PorticoOverview extends PorticoScreen {
  static override styles = [...PorticoScreen.styles, overviewStyles];
  static override properties = { ...PorticoScreen.properties, session: { attribute: false } };

  declare session: SessionInfo | null;

  constructor() {
    super();
    this.session = null;
  }

  protected override render() {
    const o = this.overview;
    const name = o?.contact.first_name ?? this.session?.customer.first_name ?? '';
    if (!o) {
      return html`<h2 tabindex="-1" part="heading">${this.t('overviewTitle')}</h2>
        <p role="status">${this.t('loading')}</p>`;
    }
    const card = o.cards.find((c) => c.is_default);
    const due = o.salvage_transactions.filter((s) => s.status === 'pending');
    const manage = (
      screen: 'contact' | 'cards' | 'subscriptions' | 'trials' | 'payments' | 'history',
      label: string,
    ) =>
      html`<button type="button" class="secondary" part="button" data-go=${screen} aria-label=${`${this.t('manage')}: ${label}`} @click=${() => this.navigate({ screen })}>${this.t('manage')}</button>`;
    return html`
      <h2 tabindex="-1" part="heading">${name ? this.t('welcome', { name }) : this.t('overviewTitle')}</h2>
      <div class="grid">
        <section class="item" part="card" aria-labelledby="ov-contact">
          <h3 id="ov-contact">${this.t('contactSummary')}</h3>
          <p>${[o.contact.first_name, o.contact.last_name].filter(Boolean).join(' ')}</p>
          <p>${o.contact.email}</p>
          ${manage('contact', this.t('contactSummary'))}
        </section>
        <section class="item" part="card" aria-labelledby="ov-card">
          <h3 id="ov-card">${this.t('defaultCard')}</h3>
          <p>${card ? this.t('cardLabel', { brand: card.brand, last4: card.last4, month: card.exp_month, year: card.exp_year }) : this.t('noCards')}</p>
          ${manage('cards', this.t('navCards'))}
        </section>
        <section class="item" part="card" aria-labelledby="ov-subs">
          <h3 id="ov-subs">${this.t('navSubscriptions')}</h3>
          <p>${this.t('activeSubscriptions', { count: o.subscriptions.filter((s) => s.status === 'active').length })}</p>
          ${manage('subscriptions', this.t('navSubscriptions'))}
        </section>
        <section class="item" part="card" aria-labelledby="ov-trials">
          <h3 id="ov-trials">${this.t('navTrials')}</h3>
          <p>${this.t('activeTrials', { count: o.trials.filter((s) => s.status === 'active').length })}</p>
          ${manage('trials', this.t('navTrials'))}
        </section>
        <section class="item" part="card" aria-labelledby="ov-due">
          <h3 id="ov-due">${this.t('navPayments')}</h3>
          <p>${this.t('paymentsDue', { count: due.length })}</p>
          ${due.length ? html`<p>${due.map((d) => formatMoney(this.locale, d.amount, d.currency)).join(', ')}</p>` : nothing}
          ${manage('payments', this.t('navPayments'))}
        </section>
        <section class="item" part="card" aria-labelledby="ov-history">
          <h3 id="ov-history">${this.t('navHistory')}</h3>
          <p>${this.t('historySummary')}</p>
          <button type="button" class="secondary" part="button" data-go="history" @click=${() => this.navigate({ screen: 'history' })}>${this.t('viewHistory')}</button>
        </section>
      </div>
    `;
  }
}
