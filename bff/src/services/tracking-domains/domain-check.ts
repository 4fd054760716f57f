import { Resolver } from 'node:dns/promises';
import { checkServerIdentity, connect } from 'node:tls';
import { isNonPublic } from '../net/address-class.js';

/** The part of node:dns's Resolver the check uses: the network edge tests replace. */
export interface DnsResolver {
  resolve4(hostname: string): Promise<string[]>;
  resolve6(hostname: string): Promise<string[]>;
  resolveCname(hostname: string): Promise<string[]>;
}

export interface DomainCheckOptions {
  resolver: DnsResolver;
  /** Port of the TLS handshake: 443, except in tests. */
  tlsPort: number;
  /** Trusted CA certificates (PEM); undefined trusts Node's bundled roots. */
  tlsCa: string[] | undefined;
  /** Upper bound for the TLS handshake. */
  timeoutMs: number;
  /**
   * Whether the name may point at loopback, private or link-local addresses. Off in
   * production, so verifying a domain cannot be used to probe the network the BFF runs in.
   */
  allowPrivateAddresses: boolean;
}

let defaults: DomainCheckOptions | undefined;

/** The real edges: the system's DNS servers, port 443, the public roots. */
export function domainCheckOptions(
  overrides: Partial<DomainCheckOptions> = {},
): DomainCheckOptions {
  defaults ??= {
    resolver: new Resolver({ timeout: 3_000, tries: 2 }),
    tlsPort: 443,
    tlsCa: undefined,
    timeoutMs: 5_000,
    allowPrivateAddresses: false,
  };
  return { ...defaults, ...overrides };
}

export interface DomainCheckResult {
  dnsReady: boolean;
  sslActive: boolean;
  /** Why the domain is not ready, for the merchant; null when both checks pass. */
  error: string | null;
}

/**
 * DNS: the name has A/AAAA records, directly or through a CNAME. SSL: a TLS handshake with
 * servername = hostname, to the address DNS gave, presents a certificate that chains to a
 * trusted CA and names the host. Failures are results, never exceptions.
 */
export async function checkDomain(
  hostname: string,
  options: DomainCheckOptions,
): Promise<DomainCheckResult> {
  const dns = await resolveHost(hostname, options.resolver);
  if (!dns.ok) return { dnsReady: false, sslActive: false, error: `dns: ${dns.error}` };
  if (!options.allowPrivateAddresses && isNonPublic(dns.address))
    return {
      dnsReady: false,
      sslActive: false,
      error: `dns: ${hostname} resolves to a non-public address (${dns.address})`,
    };
  const tlsError = await probeTls(dns.address, hostname, options);
  return { dnsReady: true, sslActive: tlsError === null, error: tlsError && `ssl: ${tlsError}` };
}

type DnsOutcome = { ok: true; address: string } | { ok: false; error: string };

/** A/AAAA of the name, or of its CNAME target (followed a few hops through the same resolver). */
async function resolveHost(hostname: string, resolver: DnsResolver, hops = 0): Promise<DnsOutcome> {
  const [v4, v6] = await Promise.allSettled([
    resolver.resolve4(hostname),
    resolver.resolve6(hostname),
  ]);
  const address = [v4, v6].flatMap((r) => (r.status === 'fulfilled' ? r.value : []))[0];
  if (address) return { ok: true, address };
  const cname = await resolver.resolveCname(hostname).catch((err: unknown) => err);
  const target = Array.isArray(cname) ? (cname[0] as string | undefined) : undefined;
  if (target && hops < 4) {
    const followed = await resolveHost(target, resolver, hops + 1);
    return followed.ok ? followed : { ok: false, error: `CNAME ${target}: ${followed.error}` };
  }
  const codes = [v4, v6]
    .map((r) => (r.status === 'rejected' ? errorCode(r.reason) : undefined))
    .concat(Array.isArray(cname) ? [] : [errorCode(cname)]);
  const unusual = codes.find((c) => c && c !== 'ENOTFOUND' && c !== 'ENODATA');
  return {
    ok: false,
    error: unusual
      ? `lookup of ${hostname} failed (${unusual})`
      : `no A, AAAA or CNAME record for ${hostname}`,
  };
}

function probeTls(
  address: string,
  servername: string,
  options: DomainCheckOptions,
): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({
      host: address,
      port: options.tlsPort,
      servername,
      rejectUnauthorized: true,
      checkServerIdentity,
      ...(options.tlsCa ? { ca: options.tlsCa } : {}),
    });
    const finish = (error: string | null) => {
      socket.destroy();
      resolve(error);
    };
    socket.setTimeout(options.timeoutMs, () =>
      finish(`no TLS handshake on port ${options.tlsPort} within ${options.timeoutMs} ms`),
    );
    socket.once('secureConnect', () =>
      finish(socket.authorized ? null : describeTlsError(servername, options.tlsPort, undefined)),
    );
    socket.once('error', (err) => finish(describeTlsError(servername, options.tlsPort, err)));
  });
}

const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

function describeTlsError(hostname: string, port: number, err: unknown): string {
  const code = errorCode(err) ?? 'UNAUTHORIZED';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return `the certificate is not valid for ${hostname} (${code})`;
  if (UNTRUSTED.has(code)) return `the certificate is not issued by a trusted authority (${code})`;
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID')
    return `the certificate is outside its validity period (${code})`;
  if (code === 'ECONNREFUSED') return `nothing answers on port ${port} (${code})`;
  return `TLS handshake failed (${code})`;
}

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
