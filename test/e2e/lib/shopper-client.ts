import { CSRF_HEADER } from '@portico/shared';

/**
 * A shopper's requests to the shopper API over real HTTP, as the widget sends them (JSON,
 * the CSRF header, the storefront's Origin, the session cookie). For fault tests that need
 * to hold a request open while a process dies.
 */
export class ShopperClient {
  #cookie = '';

  constructor(
    public origin: string,
    readonly portalId: string,
  ) {}

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const res = await fetch(`${this.origin}/api/portals/${this.portalId}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        [CSRF_HEADER]: '1',
        origin: this.origin,
        ...(this.#cookie ? { cookie: this.#cookie } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers.getSetCookie();
    if (set.length) this.#cookie = set.map((c) => c.split(';')[0]).join('; ');
    return res;
  }

  async logIn(email: string, password: string): Promise<void> {
    const res = await this.request('POST', '/login', { email, password });
    if (res.status !== 200) throw new Error(`login as ${email}: ${res.status} ${await res.text()}`);
  }
}

/** Retries `attempt` while it answers one of the transient codes, up to `timeoutMs`. */
export async function retryWhileBusy(
  attempt: () => Promise<Response>,
  busyCodes: readonly string[],
  timeoutMs: number,
): Promise<{ res: Response; body: unknown; busyAnswers: string[] }> {
  const deadline = Date.now() + timeoutMs;
  const busyAnswers: string[] = [];
  for (;;) {
    const res = await attempt();
    const body = (await res.json()) as { error?: { code?: string } };
    const code = body.error?.code;
    if (!code || !busyCodes.includes(code) || Date.now() > deadline) {
      return { res, body, busyAnswers };
    }
    busyAnswers.push(code);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}
