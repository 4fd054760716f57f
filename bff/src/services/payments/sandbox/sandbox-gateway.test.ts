import { connect, type DbHandle } from '@portico/db';
import { freshDatabase } from '@portico/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePortal } from '../../../testing/fixtures.js';
import { GatewayTimeoutError } from '../gateway.js';
import { createSandboxGatewayApp } from './app.js';
import { createSandboxGateway } from './sandbox-gateway.js';
import { SANDBOX_TEST_CARDS } from './test-cards.js';
import { tokenizeCard } from './tokenize.js';

const SECRET = 'test-secret-test-secret-test-secret-0123';
const NOW = new Date('2026-11-25T12:00:00Z');

describe('sandbox gateway', () => {
  let handle: DbHandle & { url?: string };
  let app: ReturnType<typeof createSandboxGatewayApp>;
  let portalOrigin: string;
  beforeAll(async () => {
    handle = await freshDatabase();
    const account = await handle.db
      .insertInto('accounts')
      .values({ name: 'A' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await makePortal(handle.db, account.id, {
      hostname: 'portal.brand-a.example',
      allowedOrigins: ['https://www.brand-a.example'],
    });
    portalOrigin = 'https://portal.brand-a.example';
    app = createSandboxGatewayApp({
      db: handle.db,
      secret: SECRET,
      devHosts: [],
      clock: () => NOW,
    });
  });
  afterAll(() => handle.close());

  const tokenize = (number: string, exp_month = 12, exp_year = 2030, cvc = '123') =>
    tokenizeCard(
      handle.db,
      { number, exp_month, exp_year, cvc },
      { secret: SECRET, now: NOW, origin: null },
    );

  const post = (body: unknown, origin = portalOrigin) =>
    app.request('/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify(body),
    });

  it('checks Luhn, expiry and CVC like a processor', async () => {
    expect(await tokenize('4242424242424241')).toMatchObject({ ok: false, field: 'number' });
    expect(await tokenize('1234')).toMatchObject({ ok: false, field: 'number' });
    expect(await tokenize('4242424242424242', 10, 2026)).toMatchObject({
      ok: false,
      field: 'expiry',
    });
    expect(await tokenize('4242424242424242', 13, 2030)).toMatchObject({
      ok: false,
      field: 'expiry',
    });
    expect(await tokenize('4242424242424242', 11, 26)).toMatchObject({ ok: true });
    expect(await tokenize('4242424242424242', 12, 2030, '12')).toMatchObject({
      ok: false,
      field: 'cvc',
    });
    expect(await tokenize('378282246310005', 12, 2030, '123')).toMatchObject({
      ok: false,
      field: 'cvc',
    });
    expect(await tokenize('378282246310005', 12, 2030, '1234')).toMatchObject({
      ok: true,
      brand: 'amex',
    });
    expect(await tokenize('4242 4242 4242 4242')).toMatchObject({
      ok: true,
      brand: 'visa',
      last4: '4242',
    });
  });

  it('vaults display facts and a fingerprint, never the number', async () => {
    const a = await tokenize('5555555555554444');
    const b = await tokenize('5555555555554444');
    if (!a.ok || !b.ok) throw new Error('tokenize failed');
    const gateway = createSandboxGateway(handle.db);
    const card = await gateway.retrieveToken(a.token);
    expect(card).toMatchObject({
      brand: 'mastercard',
      last4: '4444',
      exp_month: 12,
      exp_year: 2030,
    });
    expect(card?.fingerprint).toBe((await gateway.retrieveToken(b.token))?.fingerprint);
    const rows = await handle.db.selectFrom('sandbox_gateway_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain('5555555555554444');
    expect(await gateway.retrieveToken('tok_nope')).toBeNull();
  });

  it('answers each documented test number with its behaviour', async () => {
    const gateway = createSandboxGateway(handle.db);
    const expected: Record<string, string> = {
      succeed: 'succeeded',
      generic_decline: 'generic_decline',
      insufficient_funds: 'insufficient_funds',
      expired_card: 'expired_card',
      incorrect_cvc: 'incorrect_cvc',
      processing_error: 'processing_error',
    };
    for (const [number, behaviour] of Object.entries(SANDBOX_TEST_CARDS)) {
      const tok = await tokenize(number, 12, 2030, number.startsWith('37') ? '1234' : '123');
      if (!tok.ok) throw new Error(`tokenize ${behaviour}`);
      const outcome = await gateway.charge({
        token: tok.token,
        amount: 1000,
        currency: 'USD',
        idempotencyKey: `k-${number}`,
        description: 'test',
      });
      const got = outcome.status === 'succeeded' ? 'succeeded' : outcome.declineCode;
      expect(got, number).toBe(expected[behaviour]);
    }
  });

  it('honours idempotency keys: the same key never charges twice, even concurrently', async () => {
    const gateway = createSandboxGateway(handle.db);
    const tok = await tokenize('4242424242424242');
    if (!tok.ok) throw new Error('tokenize');
    const req = {
      token: tok.token,
      amount: 500,
      currency: 'USD',
      idempotencyKey: 'same-key',
      description: 'x',
    };
    const results = await Promise.all(Array.from({ length: 5 }, () => gateway.charge(req)));
    const ids = new Set(results.map((r) => (r.status === 'succeeded' ? r.chargeId : 'failed')));
    expect(ids.size).toBe(1);
    const rows = await handle.db
      .selectFrom('sandbox_gateway_charges')
      .selectAll()
      .where('idempotency_key', '=', 'same-key')
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('records the charge and then times out when asked to, and refunds once per key', async () => {
    const gateway = createSandboxGateway(handle.db);
    const tok = await tokenize('4242424242424242');
    if (!tok.ok) throw new Error('tokenize');
    gateway.faults.timeoutAfterSuccess = true;
    const req = {
      token: tok.token,
      amount: 700,
      currency: 'USD',
      idempotencyKey: 'lost',
      description: 'x',
    };
    await expect(gateway.charge(req)).rejects.toBeInstanceOf(GatewayTimeoutError);
    gateway.faults.timeoutAfterSuccess = false;
    const again = await gateway.charge(req);
    expect(again.status).toBe('succeeded');
    if (again.status !== 'succeeded') return;
    const r1 = await gateway.refund({
      chargeId: again.chargeId,
      amount: 700,
      idempotencyKey: 'r1',
    });
    const r1again = await gateway.refund({
      chargeId: again.chargeId,
      amount: 700,
      idempotencyKey: 'r1',
    });
    expect(r1).toEqual(r1again);
    const over = await gateway.refund({
      chargeId: again.chargeId,
      amount: 1,
      idempotencyKey: 'r2',
    });
    expect(over.status).toBe('failed');
  });

  // Two connections to one database need a real Postgres; in-memory PGlite has one.
  it.runIf(process.env.DATABASE_URL)(
    'agrees across two connections (two BFF instances) on one database',
    async () => {
      const other = await connect({ databaseUrl: handle.url as string });
      try {
        const tok = await tokenize('6011111111111117');
        if (!tok.ok) throw new Error('tokenize');
        const second = createSandboxGateway(other.db);
        expect((await second.retrieveToken(tok.token))?.brand).toBe('discover');
      } finally {
        await other.close();
      }
    },
  );

  it('serves card fields only to portal origins, with a CSP naming the parent as frame ancestor', async () => {
    const page = await app.request(`/card-fields?origin=${encodeURIComponent(portalOrigin)}`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`frame-ancestors ${portalOrigin}`);
    expect(csp).toMatch(/script-src 'nonce-[^']+'/);
    const html = await page.text();
    expect(html).toContain(`window.parent.postMessage(data, parentOrigin)`);
    expect(html).toContain(JSON.stringify(portalOrigin));
    expect(html).toContain("type: 'portico:card-token'");
    expect(html).not.toContain("'*'");
    const evil = await app.request('/card-fields?origin=https%3A%2F%2Fevil.example');
    expect(evil.status).toBe(400);
    const extra = await app.request(
      `/card-fields?origin=${encodeURIComponent('https://www.brand-a.example')}`,
    );
    expect(extra.status).toBe(200);
  });

  it('tokenizes over HTTP with CORS for portal origins only', async () => {
    const ok = await post({
      number: '4242424242424242',
      exp_month: 12,
      exp_year: 2030,
      cvc: '123',
    });
    expect(ok.status).toBe(201);
    expect(ok.headers.get('access-control-allow-origin')).toBe(portalOrigin);
    const body = (await ok.json()) as { token: string; brand: string; last4: string };
    expect(body).toMatchObject({ brand: 'visa', last4: '4242' });
    expect(body.token).toMatch(/^tok_/);
    const bad = await post({
      number: '4242424242424241',
      exp_month: 12,
      exp_year: 2030,
      cvc: '123',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('number');
    const evil = await post(
      { number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '123' },
      'https://evil.example',
    );
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });
});
