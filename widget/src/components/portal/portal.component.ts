import type {
  AccountOverview,
  DeepLink,
  PortalBoot,
  PortalConfig,
  SessionInfo,
} from '@portico/shared';
import { html, isServer, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { PorticoApi } from '../../api/client.js';
import { ApiError } from '../../api/errors.js';
import {
  type HostEventDetail,
  type HostEventName,
  isSignedInScreen,
  type NavigateDetail,
  type Screen,
} from '../../core/events.js';
import { type PrerenderedInput, takePrerendered } from '../../core/prerender.js';
import { sanitizeFooter } from '../../core/sanitize.js';
import type { PorticoScreen } from '../../core/screen.js';
import {
  errorMessage,
  type MessageKey,
  pickLocale,
  t,
  type WidgetLocale,
} from '../../i18n/index.js';
import { darkTokens, tokens } from '../../styles/shared.styles.js';
import { portalStyles } from './portal.styles.js';
import '../cards/define.js';
import '../confirm/define.js';
import '../contact/define.js';
import '../forgot/define.js';
import '../history/define.js';
import '../link-error/define.js';
import '../login/define.js';
import '../overview/define.js';
import '../payments/define.js';
import '../register/define.js';
import '../reset/define.js';
import '../shipping/define.js';
import '../subscriptions/define.js';
import '../trials/define.js';

/** The screen each login-link flow opens. */
const DEEP_LINK_SCREENS = {
  update_payment_method: 'cards',
  pay_salvage: 'payments',
  manage_subscription: 'subscriptions',
  cancel_subscription: 'subscriptions',
  update_ship_to: 'shipping',
} as const satisfies Record<DeepLink['flow'], Screen>;

const LOGIN_LINK_HASH = /^#(?:.*&)?login=([^&]*)/;

/**
 * A login link's token from `#login=<token>`, taken off the address at once (replaceState)
 * so it stays out of history, bookmarks and anything the page shares later.
 */
export function takeLoginToken(): string | null {
  const match = LOGIN_LINK_HASH.exec(location.hash);
  if (!match) return null;
  history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  return decodeURIComponent(match[1] ?? '');
}

const NAV: ReadonlyArray<[Screen, MessageKey]> = [
  ['overview', 'navOverview'],
  ['contact', 'navContact'],
  ['cards', 'navCards'],
  ['shipping', 'navShipping'],
  ['subscriptions', 'navSubscriptions'],
  ['trials', 'navTrials'],
  ['payments', 'navPayments'],
  ['history', 'navHistory'],
];

/**
 * The whole portal: loads the portal's config and the shopper's session, frames every
 * screen with the portal's name, description and footer, and routes between screens.
 *
 * @attr portal-id - the portal's id
 * @attr api-base - origin of the BFF ('' = same origin, as on the portal page)
 * @attr locale - force 'en' or 'es' (else the page's lang, else the portal's locale)
 * @attr theme - 'light' (default), 'dark' or 'auto' (follows the OS)
 * @attr boot-data - id of a `<script type="application/json">` holding a `PortalBoot` (the
 *   portal page inlines one): its config and session hint replace the first requests
 * @csspart header @csspart title @csspart description @csspart nav @csspart main @csspart footer
 * @cssproperty --portico-color-primary @cssproperty --portico-color-surface
 * @cssproperty --portico-color-text @cssproperty --portico-max-width
 */
export class PorticoPortal extends LitElement {
  static override styles = [tokens, darkTokens, portalStyles];
  static override properties = {
    portalId: { attribute: 'portal-id' },
    apiBase: { attribute: 'api-base' },
    locale: {},
    theme: { reflect: true },
    fetchImpl: { attribute: false },
    config: { state: true },
    session: { state: true },
    overview: { state: true },
    screen: { state: true },
    status: { state: true },
    carried: { state: true },
    deepLink: { state: true },
  };

  declare portalId: string;
  declare apiBase: string;
  declare locale: string | null;
  declare theme: 'light' | 'dark' | 'auto';
  /** Test seam: the fetch used by the API client. */
  declare fetchImpl: typeof fetch | undefined;
  declare config: PortalConfig | undefined;
  declare session: SessionInfo | null;
  declare overview: AccountOverview | undefined;
  declare screen: Screen;
  declare status: 'loading' | 'ready' | 'error';
  declare carried: { email?: string; notice?: string };
  /** Where a login link asked to go; handed to the screen it opened, cleared on leaving. */
  declare deepLink: DeepLink | null;

  #api: PorticoApi | undefined;
  /** The screen to return to after logging in again. */
  #resume: Screen | undefined;
  #footer: { html: string; node: HTMLElement } | undefined;
  #moveFocus = false;
  /** What the shopper did in the page's prerendered login, until the live one takes it. */
  #prerendered: PrerenderedInput | undefined;

  constructor() {
    super();
    this.portalId = '';
    this.apiBase = '';
    this.locale = null;
    this.theme = 'light';
    this.session = null;
    this.screen = 'login';
    this.status = 'loading';
    this.carried = {};
    this.deepLink = null;
    this.addEventListener('portico-navigate', (e) => this.#go(e.detail));
    this.addEventListener('portico-signed-in', (e) => void this.#signedIn(e.detail));
    this.addEventListener('portico-session-expired', () => this.#sessionEnded());
    // A failed refresh leaves the last overview in place; the action already reported.
    this.addEventListener('portico-refresh', () => void this.#loadOverview().catch(() => {}));
    // Screens announce actions inside our shadow root; the page sees them as ours.
    this.addEventListener('portico-action', (e) => {
      e.stopPropagation();
      this.#dispatchHostEvent(e.detail.name, e.detail.detail);
    });
  }

  get api(): PorticoApi {
    this.#api ??= new PorticoApi({
      apiBase: this.apiBase ?? '',
      portalId: this.portalId,
      ...(this.fetchImpl ? { fetch: this.fetchImpl } : {}),
    });
    return this.#api;
  }

  get resolvedLocale(): WidgetLocale {
    // On the server (the build's prerender) there is no document: the locale is given.
    const pageLang = isServer ? undefined : document.documentElement.lang;
    return pickLocale(this.locale, pageLang, this.config?.locale);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // A microtask later, so properties set right after creation (api-base, a test's
    // fetch) are in place before the first request.
    if (this.status === 'loading') queueMicrotask(() => void this.load());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('portalId') || changed.has('apiBase') || changed.has('fetchImpl')) {
      this.#api = undefined;
    }
  }

  /**
   * Loads config, then redeems a login link if the address carries one, else loads the
   * session; signed in → overview (or the link's screen), else log in. Boot data, when
   * given, stands in for the config request and, when it says signed out, for the session
   * request; the session is otherwise asked for alongside the config, not after it.
   */
  async load(): Promise<void> {
    this.status = 'loading';
    const boot = this.#takeBoot();
    const probe =
      boot?.signed_out || LOGIN_LINK_HASH.test(location.hash) ? undefined : this.#probeSession();
    try {
      this.config = boot?.config ?? (await this.api.config());
    } catch {
      this.status = 'error';
      return;
    }
    const token = takeLoginToken();
    if (token !== null) {
      await this.#redeem(token);
      this.status = 'ready';
      this.#moveFocus = true;
      return;
    }
    this.session = (await probe) ?? null;
    this.screen = 'login';
    if (this.session) {
      try {
        await this.#loadOverview();
        this.screen = 'overview';
      } catch {
        this.session = null;
      }
    }
    this.status = 'ready';
  }

  /** The session, or null when there is none (or it could not be read). Never rejects. */
  #probeSession(): Promise<SessionInfo | null> {
    return this.api.session().catch(() => null);
  }

  /**
   * The boot data `boot-data` names, read once (a retry asks the server), and only when it
   * is for this portal; anything unreadable is ignored and the requests are made instead.
   */
  #takeBoot(): PortalBoot | undefined {
    const id = this.getAttribute('boot-data');
    if (!id) return undefined;
    this.removeAttribute('boot-data');
    const el = this.ownerDocument.getElementById(id);
    if (!(el instanceof HTMLScriptElement) || el.type !== 'application/json') return undefined;
    try {
      const boot = JSON.parse(el.textContent ?? '') as Partial<PortalBoot> | null;
      if (boot?.config?.id !== this.portalId) return undefined;
      return { config: boot.config, signed_out: boot.signed_out === true };
    } catch {
      return undefined;
    }
  }

  async #loadOverview(): Promise<void> {
    try {
      this.overview = await this.api.account();
    } catch (error) {
      if (error instanceof ApiError && error.isSessionEnd) this.#sessionEnded();
      else throw error;
    }
  }

  /** `portico:<name>` on this element, bubbling out of any shadow root; ids only. */
  #dispatchHostEvent(name: HostEventName, detail: HostEventDetail = {}): void {
    this.dispatchEvent(
      new CustomEvent(`portico:${name}`, { detail: { ...detail }, bubbles: true, composed: true }),
    );
  }

  async #redeem(token: string): Promise<void> {
    try {
      const { deep_link, ...session } = await this.api.redeemLoginLink(token);
      this.session = session;
      this.#dispatchHostEvent('logged-in');
      try {
        await this.#loadOverview();
      } catch {
        // The screens still render; actions report their own errors.
      }
      this.screen = deep_link ? DEEP_LINK_SCREENS[deep_link.flow] : 'overview';
      this.deepLink = deep_link;
    } catch (error) {
      this.session = null;
      this.screen = 'link-error';
      this.carried = { notice: errorMessage(this.resolvedLocale, error) };
    }
  }

  #go(detail: NavigateDetail): void {
    this.deepLink = null;
    if (isSignedInScreen(detail.screen) && !this.session) {
      this.#resume = detail.screen;
      this.screen = 'login';
    } else {
      this.screen = detail.screen;
    }
    this.carried = { email: detail.email ?? '', notice: detail.notice ?? '' };
    this.#moveFocus = true;
  }

  async #signedIn(session: SessionInfo): Promise<void> {
    this.session = session;
    this.#dispatchHostEvent('logged-in');
    try {
      await this.#loadOverview();
    } catch {
      // The screens still render; actions report their own errors.
    }
    const next = this.#resume ?? 'overview';
    this.#resume = undefined;
    this.#go({ screen: next });
  }

  #sessionEnded(): void {
    if (isSignedInScreen(this.screen)) this.#resume = this.screen;
    this.session = null;
    this.overview = undefined;
    this.screen = 'login';
    this.carried = { notice: t(this.resolvedLocale, 'sessionEnded') };
    this.#moveFocus = true;
  }

  async #logout(): Promise<void> {
    try {
      await this.api.logout();
    } catch {
      // Signed out locally regardless; the server session expires on its own.
    }
    this.session = null;
    this.overview = undefined;
    this.#resume = undefined;
    this.#dispatchHostEvent('logged-out');
    this.#go({ screen: 'login', notice: t(this.resolvedLocale, 'loggedOut') });
  }

  /** The portal page's prerendered login (a declarative shadow root) gives way to ours. */
  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    if (this.shadowRoot) this.#prerendered = takePrerendered(this.shadowRoot);
    return super.createRenderRoot();
  }

  protected override async updated(): Promise<void> {
    const prerendered = this.#prerendered;
    if (prerendered && this.status !== 'loading') {
      this.#prerendered = undefined;
      const screen = this.renderRoot.querySelector<PorticoScreen>('[data-screen]');
      if (this.screen === 'login' && screen) await screen.takeOver(prerendered);
    }
    if (!this.#moveFocus) return;
    this.#moveFocus = false;
    const screen = this.renderRoot.querySelector<PorticoScreen>('[data-screen]');
    await screen?.focusHeading();
  }

  #footerNode(): HTMLElement | TemplateResult | typeof nothing {
    const source = this.config?.footer_html;
    if (!source) return nothing;
    // The build's prerender leaves the footer's hole as given; the BFF fills it with the
    // footer it sanitized (the same HTML the widget sanitizes again here).
    if (isServer) return html`<div>${source}</div>`;
    if (this.#footer?.html !== source) {
      const node = document.createElement('div');
      node.append(sanitizeFooter(source));
      this.#footer = { html: source, node };
    }
    return this.#footer.node;
  }

  #renderScreen(locale: WidgetLocale): TemplateResult {
    // Each screen name is also its tag (portico-<screen>); every screen takes the same
    // properties and ignores those it does not use.
    const tag = unsafeStatic(`portico-${this.screen}`);
    return staticHtml`<${tag}
      data-screen
      .api=${this.api}
      .config=${this.config}
      .overview=${this.overview}
      .session=${this.session}
      .locale=${locale}
      .email=${this.carried.email ?? ''}
      .carriedNotice=${this.carried.notice ?? ''}
      .deepLink=${this.deepLink}
    ></${tag}>`;
  }

  protected override render() {
    const locale = this.resolvedLocale;
    if (this.status === 'loading') {
      return html`<div class="state" role="status" aria-live="polite">${t(locale, 'loading')}</div>`;
    }
    if (this.status === 'error' || !this.config) {
      return html`<div class="state" role="alert">
        <p>${t(locale, 'configError')}</p>
        <button type="button" @click=${() => void this.load()}>${t(locale, 'retry')}</button>
      </div>`;
    }
    const cfg = this.config;
    return html`<div class="frame" lang=${locale}>
      <header part="header">
        <h1 part="title">${cfg.display_name}</h1>
        ${cfg.description ? html`<p part="description">${cfg.description}</p>` : nothing}
      </header>
      ${
        this.session
          ? html`<nav part="nav" aria-label=${t(locale, 'nav')}>
              <ul>
                ${NAV.map(
                  ([screen, key]) => html`<li>
                    <button type="button" data-nav=${screen} aria-current=${this.screen === screen ? 'page' : 'false'} @click=${() => this.#go({ screen })}>${t(locale, key)}</button>
                  </li>`,
                )}
                <li><button type="button" data-nav="logout" @click=${() => void this.#logout()}>${t(locale, 'logout')}</button></li>
              </ul>
            </nav>`
          : nothing
      }
      ${
        // The portal page (iframe) is a document of its own and needs its main landmark;
        // inline, the storefront's own <main> holds the widget (a second one is an error).
        this.getAttribute('data-mode') === 'iframe'
          ? html`<main part="main">${this.#renderScreen(locale)}</main>`
          : html`<div part="main">${this.#renderScreen(locale)}</div>`
      }
      ${cfg.footer_html ? html`<footer part="footer">${this.#footerNode()}</footer>` : nothing}
    </div>`;
  }
}
