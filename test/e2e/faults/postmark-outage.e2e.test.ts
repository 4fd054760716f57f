import { DEMO_IDS } from '@portico/db';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type RecordedRequest, sendJson, startStub } from '../../../bff/src/testing/http-stub.js';
import { hasPostgres, type SuiteDatabase, suiteDatabase } from '../lib/database.js';
import { type BffProcess, startBff } from '../lib/processes.js';
import { ShopperClient } from '../lib/shopper-client.js';
import { waitUntil } from '../lib/wait.js';

/**
 * Fault: Postmark is down, then comes back. The only stub in these suites: a local HTTP
 * server posing as Postmark's API at the network edge. Registration answers 202 at once
 * during the outage; the outbox retries with backoff and the mail is delivered exactly once
 * after recovery, with a code that confirms the account.
 */
describe.skipIf(!hasPostgres)('fault: Postmark down, then up', () => {
  let database: SuiteDatabase;
  let bff: BffProcess;
  let postmark: Awaited<ReturnType<typeof startStub>>;
  let up = false;
  const answers: { request: RecordedRequest; status: number }[] = [];

  beforeAll(async () => {
    database = await suiteDatabase();
    postmark = await startStub((req, res) => {
      const status = up ? 200 : 500;
      answers.push({ request: req, status });
      if (!up) return sendJson(res, 500, { ErrorCode: 500, Message: 'Internal Server Error' });
      const to = (JSON.parse(req.body) as { To: string }).To;
      sendJson(res, 200, {
        To: to,
        SubmittedAt: new Date().toISOString(),
        MessageID: crypto.randomUUID(),
        ErrorCode: 0,
        Message: 'OK',
      });
    });
    bff = await startBff({
      DATABASE_URL: database.url,
      SEED_DEMO: 'true',
      POSTMARK_API_HOST: `127.0.0.1:${postmark.port}`,
      POSTMARK_USE_HTTPS: 'false',
    });
    // The merchant's mail goes through Postmark (the demo seeds the dev outbox).
    await database.db
      .updateTable('smtp_profiles')
      .set({ transport: 'postmark', postmark_server_token: 'postmark-test-server-token' })
      .where('account_id', '=', DEMO_IDS.account)
      .execute();
  });

  afterAll(async () => {
    await bff?.stop();
    await postmark?.close();
    await database?.close();
  });

  test('registration is 202 during the outage; the mail goes out once after it', async () => {
    const email = `outage.${Date.now()}@example.com`;
    const shopper = new ShopperClient(bff.origin, DEMO_IDS.portalBrandA);
    const started = Date.now();
    const res = await shopper.request('POST', '/register', {
      email,
      password: 'a-long-new-password-3',
      captcha_token: 'dev-captcha-pass',
    });
    expect(res.status).toBe(202);
    expect(Date.now() - started).toBeLessThan(10_000);

    // Postmark refuses twice (the outbox backs off between tries), then recovers.
    const toThem = () => answers.filter((a) => a.request.body.includes(email));
    await waitUntil('two refused deliveries', () => toThem().length >= 2, { timeoutMs: 120_000 });
    const outbox = () =>
      database.db
        .selectFrom('outbox')
        .select(['status', 'attempts', 'last_error'])
        .where('kind', '=', 'email')
        .where(({ eb, ref }) => eb(ref('payload', '->>').key('to'), '=', email))
        .executeTakeFirstOrThrow();
    const during = await outbox();
    expect(during.status).toBe('pending');
    expect(during.last_error).toBeTruthy();
    up = true;

    const sent = await waitUntil(
      'the mail to be sent',
      async () => {
        const row = await outbox();
        return row.status === 'sent' ? row : undefined;
      },
      { timeoutMs: 120_000 },
    );
    const delivered = toThem().filter((a) => a.status === 200);
    // Sent is final (the worker only claims pending rows): one delivery, no more to come.
    expect(delivered).toHaveLength(1);
    expect(toThem().filter((a) => a.status === 500).length).toBe(sent.attempts - 1);
    expect(delivered[0]?.request.headers['x-postmark-server-token']).toBe(
      'postmark-test-server-token',
    );

    // The mail that arrived works: its code confirms the account.
    const mail = JSON.parse(delivered[0]?.request.body ?? '{}') as { To: string; HtmlBody: string };
    expect(mail.To).toBe(email);
    const code = mail.HtmlBody.match(/\b(\d{6})\b/)?.[1];
    expect(code).toBeDefined();
    const confirmed = await shopper.request('POST', '/confirm', { email, code });
    expect(confirmed.status).toBe(200);
  });
});
