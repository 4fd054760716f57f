import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.js';
import { makeCampaign, makeCustomer, makePortal, makeSmtpProfile } from '../../testing/fixtures.js';
import { createTestContext, json, type TestContext, testConfig } from '../../testing/harness.js';
import { sendJson, startStub } from '../../testing/http-stub.js';
import { CAPTCHA, GOOD_PASSWORD, shopperRequest as req } from '../../testing/shopper.js';
import { defaultTransports } from '../mail/transports.js';
import { backoffMs, createOutboxWorker } from './worker.js';

describe('outbox worker with a Postmark stub', () => {
  let t: TestContext;
  let postmarkDown = true;
  let postmark: Awaited<ReturnType<typeof startStub>>;
  let portal: { id: string; hostname: string };
  let campaignId: string;
  let delivered: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    postmark = await startStub((r, res) => {
      if (postmarkDown) return sendJson(res, 500, { ErrorCode: 500, Message: 'down' });
      const body = JSON.parse(r.body) as Record<string, unknown>;
      delivered.push({ ...body, token: r.headers['x-postmark-server-token'], path: r.url });
      sendJson(res, 200, {
        To: body.To,
        SubmittedAt: new Date().toISOString(),
        MessageID: crypto.randomUUID(),
        ErrorCode: 0,
        Message: 'OK',
      });
    });
    const config = testConfig({
      POSTMARK_API_HOST: `127.0.0.1:${postmark.port}`,
      POSTMARK_USE_HTTPS: 'false',
    });
    t = await createTestContext({ config });
    const smtp = await makeSmtpProfile(t.handle.db, t.account.id, {
      transport: 'postmark',
      token: 'pm-token-1',
      fromEmail: 'support@brand.example',
    });
    const campaign = await makeCampaign(t.handle.db, t.account.id);
    campaignId = campaign.id;
    const p = await makePortal(t.handle.db, t.account.id, {
      name: 'Postmark Brand',
      smtpProfileId: smtp.id,
      campaignIds: [campaign.id],
    });
    await t.handle.db
      .updateTable('portals')
      .set({
        confirmation_email: JSON.stringify({
          from: 'support@brand.example',
          from_name: 'Brand "Support"',
          subject: 'Code for {{portal_display_name}}',
          html: '<p>{{email_code}}</p>',
          cc: ['cc@brand.example'],
          bcc: ['audit@brand.example'],
        }),
      })
      .where('id', '=', p.id)
      .execute();
    const host = await t.handle.db
      .selectFrom('tracking_domains')
      .select('hostname')
      .where('id', '=', p.tracking_domain_id)
      .executeTakeFirstOrThrow();
    portal = { id: p.id, hostname: host.hostname };
  });
  afterAll(async () => {
    await t.close();
    await postmark.close();
  });

  /** A new eligible customer registers: one confirmation mail in the outbox. */
  const registerNewCustomer = async () => {
    const c = await makeCustomer(t.handle.db, t.account.id, { campaignIds: [campaignId] });
    const res = await req(t.app, portal, 'POST', '/register', {
      email: c.email,
      password: GOOD_PASSWORD,
      captcha_token: CAPTCHA,
    });
    return { customer: c, res };
  };

  const worker = () =>
    createOutboxWorker({
      db: t.handle.db,
      transports: defaultTransports(t.deps.config),
      logger: t.deps.logger,
      baseDelayMs: 1,
      maxDelayMs: 5,
    });

  it('registration answers 202 while Postmark is down; the mail arrives once after it recovers', async () => {
    postmarkDown = true;
    delivered = [];
    const { customer: c, res } = await registerNewCustomer();
    expect(res.status).toBe(202);
    const w = worker();
    for (let i = 0; i < 3; i++) {
      await w.drainOnce();
      await new Promise((r) => setTimeout(r, 10));
    }
    const failing = await t.handle.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
    expect(failing).toMatchObject({ status: 'pending', attempts: 3 });
    expect(failing.last_error).toBeTruthy();
    expect(delivered).toHaveLength(0);

    postmarkDown = false;
    await new Promise((r) => setTimeout(r, 10));
    await w.drainOnce();
    await w.drainOnce();
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({
      path: '/email',
      token: 'pm-token-1',
      To: c.email,
      Cc: 'cc@brand.example',
      Bcc: 'audit@brand.example',
      From: `"Brand 'Support'" <support@brand.example>`,
      Subject: 'Code for Postmark Brand',
    });
    expect(String(delivered[0]?.HtmlBody)).toMatch(/<p>\d{6}<\/p>/);
    const sent = await t.handle.db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
    expect(sent.status).toBe('sent');
    expect(sent.payload.html, 'the code does not linger in the outbox').toBeUndefined();
  });

  it('a worker started in the background delivers by itself', async () => {
    postmarkDown = false;
    delivered = [];
    await registerNewCustomer();
    const w = createOutboxWorker({
      db: t.handle.db,
      transports: defaultTransports(t.deps.config),
      logger: t.deps.logger,
      pollMs: 20,
    });
    w.start();
    for (let i = 0; i < 100 && delivered.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await w.stop();
    expect(delivered).toHaveLength(1);
  });

  it('two workers draining in parallel send every row exactly once', async () => {
    postmarkDown = false;
    delivered = [];
    for (let i = 0; i < 12; i++) {
      await registerNewCustomer();
    }
    const a = worker();
    const b = worker();
    let rounds = 0;
    while (rounds++ < 10) {
      const [x, y] = await Promise.all([a.drainOnce(), b.drainOnce()]);
      if (x + y === 0) break;
    }
    expect(delivered).toHaveLength(12);
    expect(new Set(delivered.map((d) => d.To)).size).toBe(12);
  });

  it('marks a row dead after maxAttempts', async () => {
    postmarkDown = true;
    await registerNewCustomer();
    const w = createOutboxWorker({
      db: t.handle.db,
      transports: defaultTransports(t.deps.config),
      logger: t.deps.logger,
      baseDelayMs: 1,
      maxDelayMs: 1,
      maxAttempts: 3,
    });
    for (let i = 0; i < 5; i++) {
      await w.drainOnce();
      await new Promise((r) => setTimeout(r, 5));
    }
    const row = await t.handle.db
      .selectFrom('outbox')
      .selectAll()
      .where('status', '=', 'dead')
      .executeTakeFirstOrThrow();
    expect(row.attempts).toBe(3);
  });

  it('backs off exponentially up to a cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 1000, 5000))).toEqual([1000, 2000, 4000, 5000]);
  });
});

describe('dev outbox and dev mailbox', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  it('writes dev mail and lists it escaped on the dev-only mailbox page', async () => {
    const smtp = await makeSmtpProfile(t.handle.db, t.account.id, { transport: 'dev_outbox' });
    const p = await makePortal(t.handle.db, t.account.id, {
      name: '<i>Dev</i> Brand',
      smtpProfileId: smtp.id,
    });
    const host = await t.handle.db
      .selectFrom('tracking_domains')
      .select('hostname')
      .where('id', '=', p.tracking_domain_id)
      .executeTakeFirstOrThrow();
    const c = await makeCustomer(t.handle.db, t.account.id, { firstName: '<script>x</script>' });
    const res = await req(t.app, { id: p.id, hostname: host.hostname }, 'POST', '/register', {
      email: c.email,
      password: GOOD_PASSWORD,
      captcha_token: CAPTCHA,
    });
    expect(res.status).toBe(202);
    const w = createOutboxWorker({
      db: t.handle.db,
      transports: defaultTransports(t.deps.config),
      logger: t.deps.logger,
    });
    expect(await w.drainOnce()).toBe(1);
    const list = await json(t.app.request('/dev/mailbox.json'));
    expect(list.data).toHaveLength(1);
    expect(list.data[0]).toMatchObject({
      to_email: c.email,
      subject: 'Your &lt;i&gt;Dev&lt;/i&gt; Brand code',
    });
    const page = await t.app.request('/dev/mailbox');
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('Dev mailbox');
    expect(html).not.toContain('<script>x</script>');
    expect(html).not.toContain('<i>Dev</i>');

    const prod = createApp({
      ...t.deps,
      config: { ...t.deps.config, production: true, devHosts: [] },
    });
    expect((await prod.request('/dev/mailbox')).status).toBe(404);
    expect((await prod.request('/dev/mailbox.json')).status).toBe(404);
  });
});
