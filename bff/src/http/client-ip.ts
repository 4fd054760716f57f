import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { AppEnv } from './context.js';

/**
 * The client address: the socket's, or the X-Forwarded-For entry added by the nearest
 * trusted proxy when TRUSTED_PROXY_HOPS says there are proxies in front of us.
 */
export function clientIp(c: Context<AppEnv>): string {
  let socket = 'unknown';
  try {
    socket = getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // app.request() in tests has no socket
  }
  const hops = c.get('deps').config.trustedProxyHops;
  if (hops === 0) return socket;
  const chain = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return chain[chain.length - hops] ?? chain[0] ?? socket;
}
