import type {
  AcceptedResponse,
  AccountOverview,
  Address,
  CancelRequest,
  CardAdd,
  ChargeResult,
  ConfirmRequest,
  ContactUpdate,
  LoginLinkRedeemed,
  LoginRequest,
  PayRequest,
  PortalConfig,
  RegisterRequest,
  ResetConfirmRequest,
  ResetRequest,
  SessionInfo,
  SuspendRequest,
  TransactionPage,
} from '@portico/shared';
import { CSRF_HEADER, IDEMPOTENCY_HEADER, SHOPPER_API_PREFIX } from '@portico/shared/constants';
import type { ErrorCode } from '@portico/shared/errors';
import { ApiError } from './errors.js';

export interface ApiOptions {
  /** Origin (or origin + path prefix) of the BFF; empty for same origin. */
  apiBase: string;
  portalId: string;
  fetch?: typeof fetch;
}

interface RequestOptions {
  body?: unknown;
  idempotencyKey?: string;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Typed client for the shopper API; cookies carry the session. */
export class PorticoApi {
  readonly base: string;
  readonly #fetch: typeof fetch;

  constructor(options: ApiOptions) {
    const apiBase = options.apiBase.replace(/\/+$/, '');
    this.base = `${apiBase}${SHOPPER_API_PREFIX}/${encodeURIComponent(options.portalId)}`;
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  async request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (method !== 'GET') {
      headers['content-type'] = 'application/json';
      headers[CSRF_HEADER] = '1';
    }
    if (options.idempotencyKey) headers[IDEMPOTENCY_HEADER] = options.idempotencyKey;
    let response: Response;
    try {
      response = await this.#fetch(`${this.base}${path}`, {
        method,
        headers,
        credentials: 'include',
        body: method === 'GET' ? undefined : JSON.stringify(options.body ?? {}),
      });
    } catch (error) {
      throw new ApiError(0, 'network_error', error instanceof Error ? error.message : 'network');
    }
    if (response.status === 204) return undefined as T;
    let data: unknown = null;
    try {
      data = await response.json();
    } catch {
      data = null;
    }
    if (!response.ok) {
      const err = (data as { error?: { code?: string; message?: string; details?: unknown } })
        ?.error;
      const code = (err?.code ??
        (response.status >= 500 ? 'internal_error' : 'validation_failed')) as ErrorCode;
      throw new ApiError(response.status, code, err?.message ?? response.statusText, err?.details);
    }
    return data as T;
  }

  config(): Promise<PortalConfig> {
    return this.request('GET', '/config');
  }
  session(): Promise<SessionInfo> {
    return this.request('GET', '/session');
  }
  register(body: RegisterRequest): Promise<AcceptedResponse> {
    return this.request('POST', '/register', { body });
  }
  confirm(body: ConfirmRequest): Promise<SessionInfo> {
    return this.request('POST', '/confirm', { body });
  }
  login(body: LoginRequest): Promise<SessionInfo> {
    return this.request('POST', '/login', { body });
  }
  redeemLoginLink(token: string): Promise<LoginLinkRedeemed> {
    return this.request('POST', '/login-links/redeem', { body: { token } });
  }
  logout(): Promise<void> {
    return this.request('POST', '/logout');
  }
  requestReset(body: ResetRequest): Promise<AcceptedResponse> {
    return this.request('POST', '/password-reset/request', { body });
  }
  confirmReset(body: ResetConfirmRequest): Promise<SessionInfo> {
    return this.request('POST', '/password-reset/confirm', { body });
  }
  account(): Promise<AccountOverview> {
    return this.request('GET', '/account');
  }
  updateContact(body: ContactUpdate): Promise<unknown> {
    return this.request('PATCH', '/account/contact', { body });
  }
  updateShipTo(ship_to: Address): Promise<unknown> {
    return this.request('PUT', '/account/ship-to', { body: { ship_to } });
  }
  updateSubscriptionShipTo(id: string, ship_to: Address): Promise<unknown> {
    return this.request('PUT', `/subscriptions/${encodeURIComponent(id)}/ship-to`, {
      body: { ship_to },
    });
  }
  addCard(body: CardAdd): Promise<unknown> {
    return this.request('POST', '/cards', { body });
  }
  removeCard(id: string): Promise<void> {
    return this.request('DELETE', `/cards/${encodeURIComponent(id)}`);
  }
  setDefaultCard(id: string): Promise<unknown> {
    return this.request('POST', `/cards/${encodeURIComponent(id)}/default`);
  }
  subscriptionAction(
    id: string,
    action: 'renew' | 'activate' | 'suspend' | 'cancel',
    options: { body?: CancelRequest | SuspendRequest; idempotencyKey?: string } = {},
  ): Promise<unknown> {
    return this.request('POST', `/subscriptions/${encodeURIComponent(id)}/${action}`, options);
  }
  trialAction(
    id: string,
    action: 'expire' | 'cancel',
    options: { idempotencyKey?: string } = {},
  ): Promise<unknown> {
    return this.request('POST', `/trials/${encodeURIComponent(id)}/${action}`, options);
  }
  transactions(cursor?: string): Promise<TransactionPage> {
    const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
    return this.request('GET', `/transactions${query}`);
  }
  /** The printable receipt page (opened in a new tab; the session cookie goes with it). */
  receiptUrl(id: string): string {
    return `${this.base}/transactions/${encodeURIComponent(id)}/receipt`;
  }
  pay(id: string, body: PayRequest, idempotencyKey: string): Promise<ChargeResult> {
    return this.request('POST', `/salvage-transactions/${encodeURIComponent(id)}/pay`, {
      body,
      idempotencyKey,
    });
  }
}
