import type { AddressInfo } from 'node:net';
import { createSecureContext, createServer, type SecureContext, type Server } from 'node:tls';
import { generate } from 'selfsigned';
import type { DnsResolver } from '../services/tracking-domains/domain-check.js';

/**
 * Network edges for tracking-domain checks in tests: a fake DNS resolver over a table,
 * and a real TLS server on loopback that picks its certificate by SNI.
 */

export type DnsRecords = Record<string, { a?: string[]; aaaa?: string[]; cname?: string[] }>;

export function fakeResolver(records: DnsRecords): DnsResolver {
  const lookup = (name: string, kind: 'a' | 'aaaa' | 'cname') => {
    const values = records[name]?.[kind];
    if (values?.length) return Promise.resolve(values);
    const code = records[name] ? 'ENODATA' : 'ENOTFOUND';
    return Promise.reject(Object.assign(new Error(`${code} ${name}`), { code }));
  };
  return {
    resolve4: (name) => lookup(name, 'a'),
    resolve6: (name) => lookup(name, 'aaaa'),
    resolveCname: (name) => lookup(name, 'cname'),
  };
}

export interface TestCa {
  cert: string;
  key: string;
  /** A leaf certificate for `names`, signed by this CA. */
  issue(names: string[]): Promise<{ cert: string; key: string }>;
}

const validity = () => {
  const notBeforeDate = new Date(Date.now() - 60_000);
  return { notBeforeDate, notAfterDate: new Date(notBeforeDate.getTime() + 86_400_000) };
};

export async function createTestCa(): Promise<TestCa> {
  const ca = await generate([{ name: 'commonName', value: 'Portico Test CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ...validity(),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  return {
    cert: ca.cert,
    key: ca.private,
    issue: async (names) => {
      const leaf = await generate([{ name: 'commonName', value: names[0] as string }], {
        keyType: 'ec',
        algorithm: 'sha256',
        ...validity(),
        ca: { key: ca.private, cert: ca.cert },
        extensions: [
          { name: 'subjectAltName', altNames: names.map((value) => ({ type: 2, value })) },
        ],
      });
      return { cert: leaf.cert, key: leaf.private };
    },
  };
}

/** A certificate for `name` that no CA vouches for. */
export async function selfSignedCert(name: string): Promise<{ cert: string; key: string }> {
  const pems = await generate([{ name: 'commonName', value: name }], {
    keyType: 'ec',
    algorithm: 'sha256',
    ...validity(),
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: name }] }],
  });
  return { cert: pems.cert, key: pems.private };
}

/** A TLS server on 127.0.0.1 serving, for each SNI name, the certificate given for it. */
export async function startTlsServer(
  certs: Record<string, { cert: string; key: string }>,
): Promise<{ port: number; close(): Promise<void> }> {
  const contexts = new Map<string, SecureContext>(
    Object.entries(certs).map(([name, pair]) => [name, createSecureContext(pair)]),
  );
  const fallback = Object.values(certs)[0];
  const server: Server = createServer(
    {
      ...fallback,
      SNICallback: (name, cb) => cb(null, contexts.get(name) ?? createSecureContext(fallback)),
    },
    (socket) => socket.end(),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
