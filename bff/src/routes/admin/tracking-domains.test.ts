import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditActions } from '../../testing/audit-trail.js';
import { createTestContext, json, type TestContext, testConfig } from '../../testing/harness.js';
import {
  createTestCa,
  fakeResolver,
  selfSignedCert,
  startTlsServer,
} from '../../testing/tls-server.js';

const GOOD = 'good.brand.test';
const WRONG_NAME = 'wrong.brand.test';
const SELF_SIGNED = 'self.brand.test';
const CLOSED = 'closed.brand.test';
const VIA_CNAME = 'alias.brand.test';
const NO_DNS = 'nodns.brand.test';

describe('admin tracking domains', () => {
  let t: TestContext;
  let tls: Awaited<ReturnType<typeof startTlsServer>>;
  let domainCheck: NonNullable<Parameters<typeof createTestContext>[0]>['deps'];

  beforeAll(async () => {
    const ca = await createTestCa();
    tls = await startTlsServer({
      [GOOD]: await ca.issue([GOOD]),
      [VIA_CNAME]: await ca.issue([VIA_CNAME]),
      [WRONG_NAME]: await ca.issue(['other.brand.test']),
      [SELF_SIGNED]: await selfSignedCert(SELF_SIGNED),
    });
    domainCheck = {
      domainCheck: {
        resolver: fakeResolver({
          [GOOD]: { a: ['127.0.0.1'] },
          [WRONG_NAME]: { a: ['127.0.0.1'] },
          [SELF_SIGNED]: { aaaa: [], a: ['127.0.0.1'] },
          // 127.0.0.2 is loopback too, and nothing listens there.
          [CLOSED]: { a: ['127.0.0.2'] },
          [VIA_CNAME]: { cname: ['edge.portico.test'] },
          'edge.portico.test': { a: ['127.0.0.1'] },
        }),
        tlsPort: tls.port,
        tlsCa: [ca.cert],
        timeoutMs: 3_000,
      },
    };
    t = await createTestContext({ deps: domainCheck });
  });
  afterAll(async () => {
    await t.close();
    await tls.close();
  });

  const create = async (hostname: string, key?: string) =>
    json(t.admin('POST', '/tracking-domains', { hostname }, key));
  const verify = async (id: string) => {
    const res = await t.admin('POST', `/tracking-domains/${id}/verify`);
    expect(res.status).toBe(200);
    return json(res);
  };

  it('creates a domain not yet verified, gets it, and lists in a stable order', async () => {
    const res = await t.admin('POST', '/tracking-domains', { hostname: ' Portal.Brand-A.test ' });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body).toMatchObject({
      hostname: 'portal.brand-a.test',
      dns_ready: false,
      ssl_active: false,
      verified_at: null,
      last_check_error: null,
    });
    expect(await json(t.admin('GET', `/tracking-domains/${body.id}`))).toEqual(body);

    for (const h of ['b.brand-a.test', 'c.brand-a.test']) await create(h);
    const page1 = await json(t.admin('GET', '/tracking-domains?limit=2'));
    expect(page1.data.map((d: { hostname: string }) => d.hostname)).toEqual([
      'portal.brand-a.test',
      'b.brand-a.test',
    ]);
    const page2 = await json(
      t.admin('GET', `/tracking-domains?limit=2&cursor=${page1.next_cursor}`),
    );
    expect(page2).toMatchObject({ data: [{ hostname: 'c.brand-a.test' }], next_cursor: null });
  });

  it('answers 409 conflict for a hostname taken by this or any other account', async () => {
    await create('taken.brand-a.test');
    const again = await t.admin('POST', '/tracking-domains', { hostname: 'TAKEN.brand-a.test' });
    expect(again.status).toBe(409);
    expect((await json(again)).error.code).toBe('conflict');
    const other = await t.newAccount('Other');
    const theirs = await t.admin(
      'POST',
      '/tracking-domains',
      { hostname: 'taken.brand-a.test' },
      other.key,
    );
    expect(theirs.status).toBe(409);
    expect((await json(theirs)).error.code).toBe('conflict');
  });

  it('rejects hostnames that are not fully qualified names, and unknown fields', async () => {
    for (const bad of [
      { hostname: 'localhost' },
      { hostname: 'https://portal.brand.test' },
      { hostname: 'portal.brand.test/p' },
      { hostname: '-bad.brand.test' },
      { hostname: '127.0.0.1' },
      { hostname: 'x.brand.test', dns_ready: true },
      {},
    ]) {
      const res = await t.admin('POST', '/tracking-domains', bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect((await json(res)).error.code).toBe('validation_failed');
    }
  });

  it('verifies a domain whose certificate chains to a trusted CA and names the host', async () => {
    const domain = await create(GOOD);
    const checked = await verify(domain.id);
    expect(checked).toMatchObject({ dns_ready: true, ssl_active: true, last_check_error: null });
    expect(checked.verified_at).toEqual(expect.any(String));
    expect(await json(t.admin('GET', `/tracking-domains/${domain.id}`))).toEqual(checked);
  });

  it('follows a CNAME to its target address', async () => {
    const checked = await verify((await create(VIA_CNAME)).id);
    expect(checked).toMatchObject({ dns_ready: true, ssl_active: true, last_check_error: null });
  });

  it('fails SSL for a certificate issued for another name', async () => {
    const checked = await verify((await create(WRONG_NAME)).id);
    expect(checked).toMatchObject({ dns_ready: true, ssl_active: false, verified_at: null });
    expect(checked.last_check_error).toMatch(/^ssl: the certificate is not valid for/);
  });

  it('fails SSL for a self-signed certificate no trusted CA vouches for', async () => {
    const checked = await verify((await create(SELF_SIGNED)).id);
    expect(checked).toMatchObject({ dns_ready: true, ssl_active: false, verified_at: null });
    expect(checked.last_check_error).toMatch(/^ssl: the certificate is not issued by a trusted/);
  });

  it('fails SSL when nothing listens on the port', async () => {
    const checked = await verify((await create(CLOSED)).id);
    expect(checked).toMatchObject({ dns_ready: true, ssl_active: false });
    expect(checked.last_check_error).toMatch(/^ssl: nothing answers on port/);
  });

  it('fails DNS for a name without records, and skips the TLS check', async () => {
    const checked = await verify((await create(NO_DNS)).id);
    expect(checked).toMatchObject({ dns_ready: false, ssl_active: false, verified_at: null });
    expect(checked.last_check_error).toBe(`dns: no A, AAAA or CNAME record for ${NO_DNS}`);
  });

  it('clears readiness when a later check fails, and records an audit event each time', async () => {
    // A domain that passed once, and whose DNS record has since gone away.
    const domain = await create(NO_DNS.replace('nodns', 'gone'));
    await t.handle.db
      .updateTable('tracking_domains')
      .set({ dns_ready: true, ssl_active: true, verified_at: new Date() })
      .where('id', '=', domain.id)
      .execute();
    const again = await verify(domain.id);
    expect(again).toMatchObject({ dns_ready: false, ssl_active: false, verified_at: null });
    expect(await auditActions(t.handle.db, domain.id)).toEqual([
      'tracking_domain.created',
      'tracking_domain.verified',
    ]);
  });

  it('in production, refuses names that point at loopback or private addresses', async () => {
    const prod = await createTestContext({
      deps: domainCheck,
      config: testConfig({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
        CAPTCHA_MODE: 'recaptcha',
      }),
    });
    try {
      const domain = await json(prod.admin('POST', '/tracking-domains', { hostname: GOOD }));
      const res = await prod.admin('POST', `/tracking-domains/${domain.id}/verify`);
      expect(await json(res)).toMatchObject({
        dns_ready: false,
        ssl_active: false,
        last_check_error: `dns: ${GOOD} resolves to a non-public address (127.0.0.1)`,
      });
    } finally {
      await prod.close();
    }
  });

  it("gives another account 404 for this account's domain, on get and verify", async () => {
    const mine = await create('mine.brand-a.test');
    const other = await t.newAccount('Other');
    for (const [method, path] of [
      ['GET', `/tracking-domains/${mine.id}`],
      ['POST', `/tracking-domains/${mine.id}/verify`],
    ] as const) {
      const res = await t.admin(method, path, undefined, other.key);
      expect(res.status, path).toBe(404);
      expect((await json(res)).error.code).toBe('not_found');
    }
    expect((await json(t.admin('GET', '/tracking-domains', undefined, other.key))).data).toEqual(
      [],
    );
    expect((await t.admin('POST', '/tracking-domains/nope/verify')).status).toBe(404);
  });
});
