import type { Db } from '@portico/db';
import { CSRF_HEADER, SHOPPER_API_PREFIX } from '@portico/shared';
import type { createApp } from '../app.js';
import { DEV_CAPTCHA_TOKEN } from '../services/captcha/captcha.js';

type App = ReturnType<typeof createApp>;

export const CAPTCHA = DEV_CAPTCHA_TOKEN;
export const GOOD_PASSWORD = 'correct horse battery staple';

/** A controllable clock for deps.clock: real time plus an offset the test moves. */
export function testClock() {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    advance(ms: number) {
      offset += ms;
    },
    /** Moves to one second past the next multiple of `ms` (fixed rate-limit windows). */
    alignTo(ms: number) {
      const t = Date.now() + offset;
      offset += ms - (t % ms) + 1000;
    },
  };
}

export interface PortalRef {
  id: string;
  hostname: string;
}

export interface ShopperRequest {
  cookie?: string | undefined;
  origin?: string | null;
  csrf?: string | null;
  contentType?: string | null;
  ip?: string;
  host?: string;
  scheme?: 'https' | 'http';
}

/** A shopper request as a browser on the portal's tracking domain sends it. */
export async function shopperRequest(
  app: App,
  portal: PortalRef,
  method: string,
  path: string,
  body?: unknown,
  opts: ShopperRequest = {},
): Promise<Response> {
  const scheme = opts.scheme ?? 'https';
  const host = opts.host ?? portal.hostname;
  const headers: Record<string, string> = {};
  if (body !== undefined && opts.contentType !== null) {
    headers['content-type'] = opts.contentType ?? 'application/json';
  }
  if (opts.origin !== null) headers.origin = opts.origin ?? `${scheme}://${host}`;
  if (opts.csrf !== null) headers[CSRF_HEADER] = opts.csrf ?? '1';
  if (opts.cookie) headers.cookie = opts.cookie;
  headers['x-test-ip'] = opts.ip ?? '203.0.113.7';
  return app.request(`${scheme}://${host}${SHOPPER_API_PREFIX}/${portal.id}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

/** `name=value` of the session cookie a response set, for the next request's Cookie header. */
export function sessionCookie(res: Response): string | undefined {
  const set = res.headers.getSetCookie().find((c) => /portico_session=[^;]+/.test(c));
  return set?.split(';')[0];
}

/** The newest email code sent to this address (read from the outbox, as the shopper would). */
export async function latestCode(db: Db, to: string): Promise<string> {
  const rows = await db
    .selectFrom('outbox')
    .select(['payload'])
    .orderBy('created_at', 'desc')
    .execute();
  for (const row of rows) {
    const p = row.payload as { to?: string; html?: string };
    const m = /(\d{6})/.exec(p.html ?? '');
    if (p.to === to && m) return m[1] as string;
  }
  throw new Error(`no code mailed to ${to}`);
}
