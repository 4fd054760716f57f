import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { classifyAddress } from '../net/address-class.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address a hostname resolves to: the network edge tests replace. */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: HostResolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

/**
 * Which receivers a delivery may reach. Public addresses always; loopback only when
 * `allowLoopback` (development and tests, never production); private, link-local,
 * unique-local, CGNAT, multicast and unspecified never.
 */
export interface EgressPolicy {
  resolver: HostResolver;
  allowLoopback: boolean;
}

export class EgressRefused extends Error {}

/** Why an address may not be reached under the policy, or null when it may. */
export function refusal(address: string, allowLoopback: boolean): string | null {
  const kind = classifyAddress(address);
  if (kind === 'public' || (kind === 'loopback' && allowLoopback)) return null;
  return `${address} is a ${kind === 'loopback' ? 'loopback' : 'non-public'} address`;
}

/**
 * The address to connect to for a URL's host, checked now (at delivery time, after DNS):
 * every resolved address must be allowed, and the caller connects to the one returned, so
 * the name cannot resolve to something else between the check and the connection.
 */
export async function resolveTarget(
  hostname: string,
  policy: EgressPolicy,
): Promise<ResolvedAddress> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(bare);
  let addresses: ResolvedAddress[];
  if (literal) {
    addresses = [{ address: bare, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await policy.resolver(bare);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      throw new EgressRefused(`dns: ${bare} did not resolve (${String(code ?? err)})`);
    }
  }
  if (addresses.length === 0) throw new EgressRefused(`dns: ${bare} has no address`);
  for (const { address } of addresses) {
    const why = refusal(address, policy.allowLoopback);
    if (why) throw new EgressRefused(`refused: ${bare} resolves to ${why}`);
  }
  return addresses[0] as ResolvedAddress;
}
