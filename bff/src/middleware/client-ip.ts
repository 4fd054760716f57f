import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { AppEnv } from '../http/context.js';

/**
 * The client's address: the socket's, or, behind `hops` trusted proxies, the entry the
 * outermost trusted proxy appended to X-Forwarded-For. Entries further left are
 * client-controlled and never believed.
 */
export function pickClientIp(
  socketIp: string | undefined,
  forwardedFor: string | undefined,
  hops: number,
): string | undefined {
  if (hops <= 0 || !forwardedFor) return socketIp;
  const chain = forwardedFor
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (chain.length === 0) return socketIp;
  // With one trusted proxy, the last entry is what it saw; with two, the one before; ...
  return chain[Math.max(0, chain.length - hops)];
}

function socketIp(c: Context<AppEnv>): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    // app.request() in tests has no socket.
    return undefined;
  }
}

/** The default resolver, replaceable through `deps.clientIp`. */
export function defaultClientIp(c: Context<AppEnv>): string | undefined {
  return pickClientIp(
    socketIp(c),
    c.req.header('x-forwarded-for'),
    c.get('deps').config.trustedProxyHops,
  );
}

export function clientIp(c: Context<AppEnv>): string {
  const deps = c.get('deps');
  return (deps.clientIp ?? defaultClientIp)(c) ?? 'unknown';
}

/**
 * https as the browser saw it: the URL, or X-Forwarded-Proto from a trusted proxy.
 * Production portals are always https (the tracking domain must have SSL), so there the
 * cookie is Secure and `__Host-` whatever a TLS-terminating proxy forwards.
 */
export function isHttps(c: Context<AppEnv>): boolean {
  if (c.get('deps').config.production) return true;
  if (new URL(c.req.url).protocol === 'https:') return true;
  if (c.get('deps').config.trustedProxyHops > 0) {
    const proto = c.req.header('x-forwarded-proto')?.split(',').at(-1)?.trim();
    return proto === 'https';
  }
  return false;
}
