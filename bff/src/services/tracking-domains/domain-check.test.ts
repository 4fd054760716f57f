import { describe, expect, it } from 'vitest';
import { fakeResolver } from '../../testing/tls-server.js';
import { checkDomain, type DnsResolver, domainCheckOptions } from './domain-check.js';

/** Checks that stop before any TLS connection: only the fake resolver is touched. */
const check = (hostname: string, resolver: DnsResolver, allowPrivateAddresses = false) =>
  checkDomain(
    hostname,
    domainCheckOptions({ resolver, tlsPort: 9, timeoutMs: 500, allowPrivateAddresses }),
  );

describe('checkDomain before the TLS handshake', () => {
  it.each([
    ['127.0.0.1'],
    ['10.1.2.3'],
    ['172.20.0.1'],
    ['192.168.1.1'],
    ['169.254.169.254'],
    ['100.64.0.1'],
    ['0.0.0.0'],
  ])('refuses the non-public IPv4 address %s unless allowed', async (address) => {
    const result = await check('p.brand.test', fakeResolver({ 'p.brand.test': { a: [address] } }));
    expect(result).toEqual({
      dnsReady: false,
      sslActive: false,
      error: `dns: p.brand.test resolves to a non-public address (${address})`,
    });
  });

  it.each([['::1'], ['fd00::1'], ['fe80::1'], ['::ffff:127.0.0.1']])(
    'refuses the non-public IPv6 address %s',
    async (address) => {
      const result = await check(
        'p.brand.test',
        fakeResolver({ 'p.brand.test': { aaaa: [address] } }),
      );
      expect(result.error).toBe(`dns: p.brand.test resolves to a non-public address (${address})`);
    },
  );

  it('names a resolver failure that is not a plain "no such record"', async () => {
    const failing: DnsResolver = {
      resolve4: () => Promise.reject(Object.assign(new Error('timeout'), { code: 'ETIMEOUT' })),
      resolve6: () => Promise.reject(Object.assign(new Error('nodata'), { code: 'ENODATA' })),
      resolveCname: () => Promise.reject(Object.assign(new Error('nodata'), { code: 'ENODATA' })),
    };
    expect((await check('p.brand.test', failing)).error).toBe(
      'dns: lookup of p.brand.test failed (ETIMEOUT)',
    );
  });

  it('reports a CNAME whose target has no address, and stops following a CNAME loop', async () => {
    const dangling = await check(
      'p.brand.test',
      fakeResolver({ 'p.brand.test': { cname: ['gone.cdn.test'] } }),
    );
    expect(dangling.error).toBe(
      'dns: CNAME gone.cdn.test: no A, AAAA or CNAME record for gone.cdn.test',
    );
    const loop = await check(
      'a.brand.test',
      fakeResolver({
        'a.brand.test': { cname: ['b.brand.test'] },
        'b.brand.test': { cname: ['a.brand.test'] },
      }),
    );
    expect(loop).toMatchObject({ dnsReady: false, sslActive: false });
  });
});
