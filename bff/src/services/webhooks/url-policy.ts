import { isIP } from 'node:net';
import { classifyAddress } from '../net/address-class.js';

const LOOPBACK_NAMES = /^(localhost|.+\.localhost)$/;

/**
 * Whether a merchant may register this URL. Production: https only, and no host that is
 * plainly loopback or private (an IP literal or a *.localhost name). Outside production,
 * http is accepted for loopback receivers only (a local test server). Names are checked
 * again after DNS at every delivery, which is the real guard.
 */
export function endpointUrlProblem(raw: string, production: boolean): string | null {
  const url = new URL(raw);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const kind = isIP(host)
    ? classifyAddress(host)
    : LOOPBACK_NAMES.test(host)
      ? 'loopback'
      : 'public';
  if (kind === 'non-public') return 'the URL points at a private or reserved address';
  if (kind === 'loopback' && production) return 'the URL points at a loopback address';
  if (url.protocol === 'https:') return null;
  if (!production && kind === 'loopback') return null;
  return production
    ? 'the URL must use https'
    : 'the URL must use https (http only for a loopback receiver outside production)';
}
