import { fixture } from '@open-wc/testing';
import type { AccountOverview, ChargeResult, PortalConfig } from '@portico/shared';
import type { Permission } from '@portico/shared/permissions';
import { PERMISSIONS } from '@portico/shared/permissions';
import { PorticoApi } from '../api/client.js';
import type { PorticoScreen } from '../core/screen.js';

export interface RecordedCall {
  method: string;
  path: string;
  /** The query string, with its '?', or ''. */
  search: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface FakeReply {
  status: number;
  body?: unknown;
}

type Handler = FakeReply | ((call: RecordedCall) => FakeReply | Promise<FakeReply>);

export const PORTAL_ID = '00000000-0000-4000-8000-000000000001';
const BASE = `/api/portals/${PORTAL_ID}`;

/**
 * A fake network edge: a `fetch` that answers by "METHOD /path?query" or "METHOD /path"
 * (relative to the portal base) and records every call with its headers and parsed body.
 */
export class FakeServer {
  readonly calls: RecordedCall[] = [];
  readonly routes = new Map<string, Handler>();

  on(route: string, handler: Handler): this {
    this.routes.set(route, handler);
    return this;
  }

  fetch: typeof fetch = async (input, init) => {
    const url = new URL(String(input), location.href);
    const path = url.pathname.startsWith(BASE) ? url.pathname.slice(BASE.length) : url.pathname;
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((v, k) => {
      headers[k] = v;
    });
    const call: RecordedCall = {
      method: init?.method ?? 'GET',
      path,
      search: url.search,
      headers,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    this.calls.push(call);
    // A route with a query string ("GET /x?cursor=c") wins over the bare path.
    const handler =
      this.routes.get(`${call.method} ${path}${url.search}`) ??
      this.routes.get(`${call.method} ${path}`);
    const reply = handler
      ? typeof handler === 'function'
        ? await handler(call)
        : handler
      : { status: 404, body: { error: { code: 'not_found', message: 'no route' } } };
    return new Response(reply.status === 204 ? null : JSON.stringify(reply.body ?? {}), {
      status: reply.status,
      headers: { 'content-type': 'application/json' },
    });
  };

  api(): PorticoApi {
    return new PorticoApi({ apiBase: '', portalId: PORTAL_ID, fetch: this.fetch });
  }

  last(method: string, path: string): RecordedCall | undefined {
    return [...this.calls].reverse().find((c) => c.method === method && c.path === path);
  }
}

export function errorReply(status: number, code: string): FakeReply {
  return { status, body: { error: { code, message: code, details: null } } };
}

export function makeConfig(overrides: Partial<PortalConfig> = {}): PortalConfig {
  return {
    id: PORTAL_ID,
    display_name: 'Brand A',
    description: 'Manage your Brand A account',
    footer_html: '<p>Questions? <a href="mailto:help@brand-a.test">Email us</a></p>',
    permissions: [...PERMISSIONS],
    recaptcha_site_key: 'test-site-key',
    captcha_mode: 'dev',
    locale: 'en',
    create_non_existing_customer: false,
    card_fields_url: 'http://127.0.0.1:9/card-fields',
    cancel_reasons: [],
    cancel_comment: 'optional',
    cancel_save_offer: false,
    ...overrides,
  };
}

export const IDS = {
  card1: '10000000-0000-4000-8000-000000000001',
  card2: '10000000-0000-4000-8000-000000000002',
  sub1: '20000000-0000-4000-8000-000000000001',
  sub2: '20000000-0000-4000-8000-000000000002',
  trial1: '30000000-0000-4000-8000-000000000001',
  salvage1: '40000000-0000-4000-8000-000000000001',
  customer: '50000000-0000-4000-8000-000000000001',
} as const;

export function makeOverview(permissions: readonly Permission[] = PERMISSIONS): AccountOverview {
  const address = {
    first_name: 'Ana',
    last_name: 'Ruiz',
    company: null,
    line1: '1 Main St',
    line2: null,
    city: 'Springfield',
    state: 'IL',
    postal_code: '62701',
    country: 'US',
    phone: null,
  };
  return {
    contact: {
      first_name: 'Ana',
      last_name: 'Ruiz',
      company: null,
      email: 'ana@example.com',
      phone: '+1 555 0100',
      bill_to: address,
    },
    ship_to: address,
    cards: [
      {
        id: IDS.card1,
        brand: 'visa',
        last4: '4242',
        exp_month: 12,
        exp_year: 2030,
        is_default: true,
        created_at: '2026-01-01T00:00:00Z',
      },
      {
        id: IDS.card2,
        brand: 'mastercard',
        last4: '4444',
        exp_month: 6,
        exp_year: 2029,
        is_default: false,
        created_at: '2026-02-01T00:00:00Z',
      },
    ],
    subscriptions: [
      {
        id: IDS.sub1,
        product_name: 'Gold Box',
        amount: 2999,
        currency: 'USD',
        interval: 'month',
        interval_count: 1,
        status: 'active',
        next_renewal_at: '2026-12-01T00:00:00Z',
        ship_to: address,
        card_id: IDS.card1,
      },
      {
        id: IDS.sub2,
        product_name: 'Tea Club',
        amount: 1500,
        currency: 'USD',
        interval: 'month',
        interval_count: 2,
        status: 'suspended',
        next_renewal_at: null,
        ship_to: null,
        card_id: null,
      },
    ],
    trials: [
      {
        id: IDS.trial1,
        product_name: 'Serum Trial',
        expiration_amount: 4900,
        currency: 'USD',
        status: 'active',
        expires_at: '2026-12-10T00:00:00Z',
      },
    ],
    salvage_transactions: [
      {
        id: IDS.salvage1,
        source: 'renewal',
        product_name: 'Gold Box',
        amount: 2999,
        currency: 'USD',
        status: 'pending',
        created_at: '2026-11-01T00:00:00Z',
      },
    ],
    permissions: [...permissions],
  };
}

export const SESSION = {
  portal_id: PORTAL_ID,
  customer: { id: IDS.customer, email: 'ana@example.com', first_name: 'Ana' },
  expires_at: '2026-12-01T00:00:00Z',
  idle_expires_at: '2026-12-01T00:00:00Z',
};

/** Types text into an input inside a shadow root as a user would (value + input event). */
export function type(root: ShadowRoot | Element, name: string, value: string): void {
  const input = (root instanceof Element ? (root.shadowRoot ?? root) : root).querySelector<
    HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement
  >(`[name="${name}"]`);
  if (!input) throw new Error(`no field ${name}`);
  input.value = value;
  input.dispatchEvent(
    new Event(input instanceof HTMLSelectElement ? 'change' : 'input', {
      bubbles: true,
      composed: true,
    }),
  );
}

export function q<T extends Element = HTMLElement>(el: Element, selector: string): T {
  const found = el.shadowRoot?.querySelector<T>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
}

export function click(el: Element, action: string): void {
  q<HTMLButtonElement>(el, `[data-action="${action}"]`).click();
}

export async function submit(el: Element): Promise<void> {
  q<HTMLFormElement>(el, 'form').requestSubmit();
  await settle(el);
}

/** Lets pending fetches and renders finish. */
export async function settle(el: Element & { updateComplete?: Promise<unknown> }): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setTimeout(r, 0));
    await el.updateComplete;
  }
}

/**
 * Mounts a screen with a fake server's API, a config and an account overview (both
 * overridable), as `<portico-portal>` would.
 */
export async function mountScreen<T extends HTMLElement>(
  tag: string,
  server: FakeServer,
  options: { config?: PortalConfig; overview?: AccountOverview; email?: string } = {},
): Promise<T> {
  const el = document.createElement(tag);
  Object.assign(el, {
    api: server.api(),
    config: options.config ?? makeConfig(),
    overview: options.overview ?? makeOverview(),
    ...(options.email ? { email: options.email } : {}),
  });
  return fixture<T>(el as T);
}

/** A charge answer; succeeded unless overridden. */
export function makeCharge(overrides: Partial<ChargeResult> = {}): ChargeResult {
  return {
    status: 'succeeded',
    transaction_id: IDS.salvage1,
    amount: 2999,
    currency: 'USD',
    decline_code: null,
    decline_message: null,
    ...overrides,
  };
}

/** The screen `<portico-portal>` shows now (its `[data-screen]` child). */
export function screenOf(el: Element): PorticoScreen {
  const s = el.shadowRoot?.querySelector<PorticoScreen>('[data-screen]');
  if (!s) throw new Error('no screen');
  return s;
}
