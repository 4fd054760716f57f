import { findCardNumbers } from '@portico/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../bff/src/logger.js';
import { json } from '../../bff/src/testing/harness.js';
import {
  CAPTCHA,
  GOOD_PASSWORD,
  latestCode,
  shopperRequest as req,
  sessionCookie,
} from '../../bff/src/testing/shopper.js';
import { sandboxToken } from '../../bff/src/testing/shopper-harness.js';
import { shopperContext } from '../../bff/src/testing/shopper-setup.js';

const lines: string[] = [];
/** The app's own logger (its redaction included), at its most verbose, into a buffer. */
const logger = createLogger('trace', { write: (line: string) => void lines.push(line) });

type Entry = Record<string, unknown>;

/**
 * SECURITY 30: with the logger at its most verbose, every auth flow, the admin key flow and
 * the card flow run, including refusals; no password, code, session token, API key or card
 * number reaches the log, and each denial names its request, portal and account (and the
 * customer where one is known), with the request id the response carried.
 */
describe('SECURITY 30: logs carry ids and never secrets', () => {
  let s: Awaited<ReturnType<typeof shopperContext>>;
  const secrets: string[] = [];
  /** Response request ids of requests that were refused, by the event they should log. */
  const denials: {
    event: string;
    requestId: string;
    customerId?: string;
    accountId?: string;
    portal: boolean;
  }[] = [];

  const track = (
    res: Response,
    event: string,
    opts: { customerId?: string; accountId?: string; portal?: boolean } = {},
  ) => {
    const requestId = res.headers.get('x-request-id');
    expect(requestId, event).toBeTruthy();
    denials.push({
      event,
      requestId: requestId as string,
      ...(opts.customerId ? { customerId: opts.customerId } : {}),
      ...(opts.accountId ? { accountId: opts.accountId } : {}),
      portal: opts.portal ?? true,
    });
  };

  beforeAll(async () => {
    s = await shopperContext({ logger });
    const email = 'logged.shopper@example.com';
    const registered = 'log test passphrase one';
    const reset = 'log test passphrase two';
    const wrong = 'log test wrong passphrase';
    secrets.push(registered, reset, wrong, GOOD_PASSWORD, 'secret-key');

    // Register, confirm with the mailed code.
    await s.db
      .updateTable('portals')
      .set({
        create_non_existing_customer: true,
        non_existing_customer_campaign_id: s.campaignA.id,
      })
      .where('id', '=', s.a.id)
      .execute();
    expect(
      (
        await req(s.t.app, s.a, 'POST', '/register', {
          email,
          password: registered,
          captcha_token: CAPTCHA,
        })
      ).status,
    ).toBe(202);
    const confirmCode = await latestCode(s.db, email);
    secrets.push(confirmCode);
    const badConfirm = await req(s.t.app, s.a, 'POST', '/confirm', {
      email,
      code: confirmCode === '000000' ? '111111' : '000000',
    });
    expect(badConfirm.status).toBe(400);
    track(badConfirm, 'confirm');
    const confirmed = await req(s.t.app, s.a, 'POST', '/confirm', { email, code: confirmCode });
    expect(confirmed.status).toBe(200);
    const customerId = (await json(confirmed)).customer.id as string;
    const firstCookie = sessionCookie(confirmed) as string;
    secrets.push(firstCookie.split('=')[1] as string);

    // Log in: wrong password, then right.
    const failed = await req(s.t.app, s.a, 'POST', '/login', { email, password: wrong });
    expect(failed.status).toBe(401);
    track(failed, 'login');
    const login = await req(s.t.app, s.a, 'POST', '/login', { email, password: registered });
    expect(login.status).toBe(200);
    const cookie = sessionCookie(login) as string;
    secrets.push(cookie.split('=')[1] as string);

    // Cards: a token from the gateway fields, and a refused raw number.
    for (const number of ['4242424242424242', '5555555555554444']) {
      const token = await sandboxToken(s.t, number);
      expect(
        (await req(s.t.app, s.a, 'POST', '/cards', { gateway_token: token }, { cookie })).status,
      ).toBe(201);
    }
    const raw = await req(
      s.t.app,
      s.a,
      'POST',
      '/cards',
      { card_number: '4000000000000002', cvc: '123' },
      { cookie },
    );
    expect(raw.status).toBe(400);

    // Ownership: another customer's card is a 404 like an unknown one, but logged as refused.
    const neighbour = await s.registeredCustomer();
    const theirs = await json(
      s.t.admin('POST', `/customers/${neighbour.id}/cards`, {
        gateway_token: await sandboxToken(s.t, '4242424242424242'),
      }),
    );
    const foreign = await req(s.t.app, s.a, 'POST', `/cards/${theirs.id}/default`, {}, { cookie });
    expect(foreign.status).toBe(404);
    track(foreign, 'request refused', { customerId });
    // Another merchant asking for this account's customer: logged under the asker's account.
    const otherAccount = await s.t.newAccount('Prying merchant');
    secrets.push(otherAccount.key);
    const prying = await s.t.admin('GET', `/customers/${customerId}`, undefined, otherAccount.key);
    expect(prying.status).toBe(404);
    track(prying, 'request refused', { portal: false, accountId: otherAccount.id });

    // Denials: CSRF, forged session, permission off, unknown portal host.
    const csrf = await req(
      s.t.app,
      s.a,
      'PATCH',
      '/account/contact',
      { first_name: 'X' },
      {
        cookie,
        origin: 'https://attacker.example',
      },
    );
    expect(csrf.status).toBe(403);
    track(csrf, 'csrf_rejected');
    const forged = await req(s.t.app, s.a, 'GET', '/account', undefined, {
      cookie: `portico_session=${'A'.repeat(40)}.forged`,
    });
    expect(forged.status).toBe(401);
    track(forged, 'session_denied');
    await s.db
      .updateTable('portals')
      .set({ permissions: ['contact_modify'] })
      .where('id', '=', s.a.id)
      .execute();
    const denied = await req(
      s.t.app,
      s.a,
      'DELETE',
      '/cards/00000000-0000-4000-8000-000000000000',
      {},
      {
        cookie,
      },
    );
    expect(denied.status).toBe(403);
    track(denied, 'permission_denied', { customerId });
    const wrongHost = await req(s.t.app, s.a, 'GET', '/config', undefined, {
      host: 'unknown.example',
    });
    expect(wrongHost.status).toBe(404);
    track(wrongHost, 'portal_denied', { portal: false });

    // Reset: request, confirm with the code and a new password.
    expect((await req(s.t.app, s.a, 'POST', '/password-reset/request', { email })).status).toBe(
      202,
    );
    const resetCode = await latestCode(s.db, email);
    secrets.push(resetCode);
    const reseted = await req(s.t.app, s.a, 'POST', '/password-reset/confirm', {
      email,
      code: resetCode,
      password: reset,
    });
    expect(reseted.status).toBe(200);
    secrets.push((sessionCookie(reseted) as string).split('=')[1] as string);
    const replay = await req(s.t.app, s.a, 'GET', '/account', undefined, { cookie });
    expect(replay.status).toBe(401);
    track(replay, 'session_denied', { customerId });

    // Admin: a new key shown once, used, revoked, then refused; a made-up key refused.
    const created = await s.t.admin('POST', '/api-keys', { name: 'logged' });
    expect(created.status).toBe(201);
    const key = (await json(created)) as { id: string; key: string };
    secrets.push(key.key, s.t.account.key);
    expect((await s.t.admin('GET', '/customers', undefined, key.key)).status).toBe(200);
    expect((await s.t.admin('POST', `/api-keys/${key.id}/revoke`)).status).toBe(200);
    const revoked = await s.t.admin('GET', '/customers', undefined, key.key);
    expect(revoked.status).toBe(401);
    track(revoked, 'admin auth denied', { portal: false });
    const madeUp = `${key.key.slice(0, -6)}zzzzzz`;
    secrets.push(madeUp);
    const bogus = await s.t.admin('GET', '/customers', undefined, madeUp);
    expect(bogus.status).toBe(401);
    track(bogus, 'admin auth denied', { portal: false });

    // A careless call with secret-named fields is redacted by the logger itself.
    s.t.deps.logger.warn(
      { password: registered, code: confirmCode, token: key.key, body: { cvc: '123' } },
      'careless',
    );
  });
  afterAll(() => s.t.close());

  it('holds no password, email code, session token, API key or reCAPTCHA secret', () => {
    expect(lines.length).toBeGreaterThan(10);
    const all = lines.join('');
    for (const secret of secrets) {
      expect(secret.length, 'a real secret').toBeGreaterThanOrEqual(6);
      expect(all.includes(secret), `a secret (${secret.slice(0, 3)}…) is in the log`).toBe(false);
    }
  });

  it('holds no card number (Luhn scan of every line)', () => {
    expect(lines.filter((l) => findCardNumbers(l).length > 0)).toEqual([]);
  });

  it('names request, portal, account (and customer where known) on every denial', () => {
    const entries = lines.map((l) => JSON.parse(l) as Entry);
    for (const d of denials) {
      const entry = entries.find(
        (e) => e.requestId === d.requestId && (e.event === d.event || e.msg === d.event),
      );
      expect(entry, `${d.event} logged with the response's request id`).toBeDefined();
      if (d.portal) {
        expect(entry, d.event).toMatchObject({ portalId: s.a.id, accountId: s.t.account.id });
      }
      if (d.customerId) expect(entry?.customerId, d.event).toBe(d.customerId);
      if (d.accountId) expect(entry?.accountId, d.event).toBe(d.accountId);
    }
    expect(denials.length).toBeGreaterThanOrEqual(8);
  });

  it('names the customer on every successful auth event', () => {
    const entries = lines.map((l) => JSON.parse(l) as Entry);
    const ok = entries.filter(
      (e) => ['confirm', 'login', 'reset'].includes(e.event as string) && e.outcome === 'ok',
    );
    expect(ok.map((e) => e.event).sort()).toEqual(['confirm', 'login', 'reset']);
    for (const e of ok) {
      expect(e).toMatchObject({ portalId: s.a.id, accountId: s.t.account.id });
      expect(typeof e.customerId).toBe('string');
      expect(typeof e.requestId).toBe('string');
    }
  });
});
