import { html } from 'lit';
import { PorticoAuthScreen } from '../../core/auth-screen.js';

/**
 * Shown when a login link cannot be used (used, expired, altered, another portal's): says
 * why in plain words and offers the usual ways in. Never a session.
 *
 * @fires portico-navigate
 * @csspart heading @csspart message @csspart button
 */
export class PorticoLinkError extends PorticoAuthScreen {
  protected override render() {
    return html`<h2 tabindex="-1" part="heading">${this.t('linkErrorTitle')}</h2>
      <p class="message error" part="message" role="alert">${this.carriedNotice || this.t('linkErrorGeneric')}</p>
      <div class="actions">
        <button type="button" part="button" data-go="login" @click=${() => this.navigate({ screen: 'login' })}>${this.t('loginButton')}</button>
        ${this.link('forgot', this.t('forgotLink'))}
      </div>`;
  }
}
