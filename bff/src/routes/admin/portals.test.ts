import { PERMISSIONS } from '@portico/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditActions } from '../../testing/audit-trail.js';
import {
  emailSettings,
  makeCampaign,
  makeCustomer,
  makeShop,
  makeSmtpProfile,
  makeTrackingDomain,
} from '../../testing/fixtures.js';
import { createTestContext, json, type TestContext } from '../../testing/harness.js';

const FROM = 'support@brand-a.example';

describe('admin portals', () => {
  let t: TestContext;
  let domain: { id: string; hostname: string };
  let smtpId: string;
  let campaignId: string;
  let shopId: string;
  let other: { id: string; key: string };

  beforeAll(async () => {
    t = await createTestContext();
    const db = t.handle.db;
    domain = await makeTrackingDomain(db, t.account.id, { hostname: 'portal.brand-a.test' });
    smtpId = (await makeSmtpProfile(db, t.account.id, { fromEmail: FROM })).id;
    campaignId = (await makeCampaign(db, t.account.id, 'Brand A')).id;
    shopId = (await makeShop(db, t.account.id, 'Brand A Shopify')).id;
    other = await t.newAccount('Other merchant');
  });
  afterAll(() => t.close());

  const body = (overrides: Record<string, unknown> = {}) => ({
    name: 'Brand A',
    display_name: 'Brand A Account',
    description: 'Manage your Brand A orders',
    footer_html: '<p>Help: <a href="https://brand-a.example/help">help</a></p>',
    tracking_domain_id: domain.id,
    smtp_profile_id: smtpId,
    recaptcha_site_key: 'site-key-a',
    recaptcha_secret_key: 'recaptcha-secret-a',
    confirmation_email: emailSettings(FROM, 'confirm'),
    password_reset_email: emailSettings(FROM, 'reset'),
    campaign_ids: [campaignId],
    shop_ids: [shopId],
    permissions: ['contact_modify', 'subscription_cancel'],
    allowed_origins: ['https://www.brand-a.example'],
    ...overrides,
  });

  const create = async (overrides: Record<string, unknown> = {}, key?: string) =>
    t.admin('POST', '/portals', body(overrides), key);

  const expectError = async (res: Promise<Response>, status: number, code: string) => {
    const r = await res;
    const b = await json(r);
    expect(r.status, JSON.stringify(b)).toBe(status);
    expect(b.error.code).toBe(code);
    return b.error;
  };

  it('creates a portal, keeps the reCAPTCHA secret out of every response, and gets it', async () => {
    const res = await create({
      footer_html:
        '<p onclick="x()">Help <script>alert(1)</script><a href="javascript:x">x</a></p>',
    });
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(text).not.toContain('recaptcha-secret-a');
    const portal = JSON.parse(text);
    expect(portal).toMatchObject({
      name: 'Brand A',
      display_name: 'Brand A Account',
      tracking_domain_id: domain.id,
      tracking_domain: 'portal.brand-a.test',
      smtp_profile_id: smtpId,
      recaptcha_site_key: 'site-key-a',
      campaign_ids: [campaignId],
      shop_ids: [shopId],
      permissions: ['contact_modify', 'subscription_cancel'],
      create_non_existing_customer: false,
      non_existing_customer_campaign_id: null,
      allowed_origins: ['https://www.brand-a.example'],
      locale: 'en',
      enabled: true,
      footer_html: '<p>Help <a rel="noopener noreferrer" target="_blank">x</a></p>',
    });
    expect(portal).not.toHaveProperty('recaptcha_secret_key');
    expect(portal.url).toBe(`https://portal.brand-a.test/p/${portal.id}`);
    expect(portal.confirmation_email.html).toContain('{{email_code}}');

    const got = await t.admin('GET', `/portals/${portal.id}`);
    const gotText = await got.text();
    expect(gotText).not.toContain('recaptcha-secret-a');
    expect(JSON.parse(gotText)).toEqual(portal);
    expect(await auditActions(t.handle.db, portal.id)).toEqual(['portal.created']);
  });

  it('lists portals in a stable order without secrets', async () => {
    const other2 = await t.newAccount('Lister');
    const d = await makeTrackingDomain(t.handle.db, other2.id);
    const s = await makeSmtpProfile(t.handle.db, other2.id, { fromEmail: FROM });
    for (const name of ['One', 'Two', 'Three']) {
      const res = await create(
        { name, tracking_domain_id: d.id, smtp_profile_id: s.id, campaign_ids: [], shop_ids: [] },
        other2.key,
      );
      expect(res.status).toBe(201);
    }
    const page1 = await t.admin('GET', '/portals?limit=2', undefined, other2.key);
    const text = await page1.text();
    expect(text).not.toContain('recaptcha-secret-a');
    const p1 = JSON.parse(text);
    expect(p1.data.map((p: { name: string }) => p.name)).toEqual(['One', 'Two']);
    const p2 = await json(
      t.admin('GET', `/portals?limit=2&cursor=${p1.next_cursor}`, undefined, other2.key),
    );
    expect(p2).toMatchObject({ data: [{ name: 'Three', url: expect.any(String) }] });
    expect(p2.next_cursor).toBeNull();
  });

  it('defaults create_non_existing_customer to false and filters/permissions to empty', async () => {
    const {
      campaign_ids: _c,
      shop_ids: _s,
      permissions: _p,
      allowed_origins: _o,
      ...minimal
    } = body();
    const res = await t.admin('POST', '/portals', minimal);
    expect(res.status).toBe(201);
    expect(await json(res)).toMatchObject({
      campaign_ids: [],
      shop_ids: [],
      permissions: [],
      allowed_origins: [],
      create_non_existing_customer: false,
      enabled: true,
    });
  });

  it('refuses a tracking domain that is not DNS-ready or has no active SSL', async () => {
    const db = t.handle.db;
    const notReady = await makeTrackingDomain(db, t.account.id, { ready: false });
    const err = await expectError(
      create({ tracking_domain_id: notReady.id }),
      422,
      'tracking_domain_not_ready',
    );
    expect(err.details).toMatchObject({ dns_ready: false, ssl_active: false });
    const dnsOnly = await makeTrackingDomain(db, t.account.id);
    await db
      .updateTable('tracking_domains')
      .set({ ssl_active: false })
      .where('id', '=', dnsOnly.id)
      .execute();
    await expectError(create({ tracking_domain_id: dnsOnly.id }), 422, 'tracking_domain_not_ready');
    await expectError(
      create({ tracking_domain_id: '00000000-0000-4000-8000-000000000000' }),
      422,
      'tracking_domain_not_ready',
    );
  });

  it('refuses an unknown SMTP profile', async () => {
    await expectError(
      create({ smtp_profile_id: '00000000-0000-4000-8000-000000000000' }),
      422,
      'smtp_profile_not_found',
    );
  });

  it('requires {{email_code}} in both emails and names the one missing it', async () => {
    const noCode = { ...emailSettings(FROM, 'confirm'), html: '<p>Welcome!</p>' };
    let err = await expectError(create({ confirmation_email: noCode }), 422, 'email_code_missing');
    expect(err.details).toEqual({ emails: ['confirmation_email'] });
    err = await expectError(
      create({ password_reset_email: { ...noCode, html: '<p>{{ email_code }}</p>' } }),
      422,
      'email_code_missing',
    );
    expect(err.details).toEqual({ emails: ['password_reset_email'] });
    err = await expectError(
      create({ confirmation_email: noCode, password_reset_email: noCode }),
      422,
      'email_code_missing',
    );
    expect(err.details).toEqual({ emails: ['confirmation_email', 'password_reset_email'] });
  });

  it("requires each email's from to equal the SMTP profile's address", async () => {
    const err = await expectError(
      create({ password_reset_email: emailSettings('other@brand-a.example', 'reset') }),
      422,
      'email_from_mismatch',
    );
    expect(err.details).toEqual({ emails: ['password_reset_email'], expected: FROM });
    const upper = await create({
      confirmation_email: emailSettings(FROM.toUpperCase(), 'confirm'),
    });
    expect(upper.status).toBe(201);
  });

  it('accepts only the twelve permission names, each once', async () => {
    await expectError(create({ permissions: ['refund_order'] }), 400, 'validation_failed');
    const all = await json(create({ permissions: [...PERMISSIONS] }));
    expect(all.permissions).toEqual([...PERMISSIONS]);
    const twice = await json(create({ permissions: ['trial_cancel', 'trial_cancel'] }));
    expect(twice.permissions).toEqual(['trial_cancel']);
  });

  it('requires filter campaign and shop ids to exist in the account', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const err = await expectError(
      create({ campaign_ids: [campaignId, unknown] }),
      422,
      'campaign_not_found',
    );
    expect(err.details).toEqual({ field: 'campaign_ids', ids: [unknown] });
    await expectError(create({ shop_ids: [unknown] }), 422, 'shop_not_found');
    await expectError(create({ campaign_ids: ['nope'] }), 400, 'validation_failed');
  });

  it('needs an existing campaign when create_non_existing_customer is true', async () => {
    await expectError(create({ create_non_existing_customer: true }), 400, 'validation_failed');
    await expectError(
      create({
        create_non_existing_customer: true,
        non_existing_customer_campaign_id: '00000000-0000-4000-8000-000000000000',
      }),
      422,
      'campaign_not_found',
    );
    const ok = await json(
      create({ create_non_existing_customer: true, non_existing_customer_campaign_id: campaignId }),
    );
    expect(ok).toMatchObject({
      create_non_existing_customer: true,
      non_existing_customer_campaign_id: campaignId,
    });
  });

  it('rejects missing reCAPTCHA keys, unknown fields and bad origins with 400', async () => {
    const { recaptcha_secret_key: _, ...noSecret } = body();
    for (const bad of [
      noSecret,
      body({ recaptcha_site_key: '' }),
      body({ account_id: other.id }),
      body({ id: '00000000-0000-4000-8000-000000000000' }),
      body({ allowed_origins: ['http://www.brand-a.example'] }),
      body({ confirmation_email: { ...emailSettings(FROM, 'confirm'), from: 'nope' } }),
      body({ locale: 'fr' }),
    ]) {
      const res = await t.admin('POST', '/portals', bad);
      expect(res.status).toBe(400);
      expect((await json(res)).error.code).toBe('validation_failed');
    }
  });

  it('edits a portal, re-checking every rule on the merged result', async () => {
    const portal = await json(create());
    const res = await t.admin('PATCH', `/portals/${portal.id}`, {
      display_name: 'Brand A Help',
      footer_html: '<b>Bold</b><img src=x onerror=alert(1)>',
      recaptcha_secret_key: 'new-secret-value',
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain('new-secret-value');
    const edited = JSON.parse(text);
    expect(edited).toMatchObject({
      name: 'Brand A',
      display_name: 'Brand A Help',
      footer_html: '<b>Bold</b>',
      campaign_ids: [campaignId],
    });
    const stored = await t.handle.db
      .selectFrom('portals')
      .select('recaptcha_secret_key')
      .where('id', '=', portal.id)
      .executeTakeFirstOrThrow();
    expect(stored.recaptcha_secret_key).toBe('new-secret-value');

    const notReady = await makeTrackingDomain(t.handle.db, t.account.id, { ready: false });
    const otherSmtp = await makeSmtpProfile(t.handle.db, t.account.id, {
      fromEmail: 'billing@brand-a.example',
    });
    const patch = (b: unknown) => t.admin('PATCH', `/portals/${portal.id}`, b);
    await expectError(patch({ tracking_domain_id: notReady.id }), 422, 'tracking_domain_not_ready');
    // Switching the SMTP profile alone leaves the emails' from on the old address.
    await expectError(patch({ smtp_profile_id: otherSmtp.id }), 422, 'email_from_mismatch');
    await expectError(
      patch({ password_reset_email: { ...emailSettings(FROM, 'reset'), html: '<p>hi</p>' } }),
      422,
      'email_code_missing',
    );
    await expectError(patch({ create_non_existing_customer: true }), 400, 'validation_failed');
    await expectError(patch({ shop_ids: [campaignId] }), 422, 'shop_not_found');
    await expectError(patch({ name: null }), 400, 'validation_failed');
    await expectError(patch({ enabled: 'yes' }), 400, 'validation_failed');

    const switched = await json(
      patch({
        smtp_profile_id: otherSmtp.id,
        confirmation_email: emailSettings('billing@brand-a.example', 'confirm'),
        password_reset_email: emailSettings('billing@brand-a.example', 'reset'),
      }),
    );
    expect(switched.smtp_profile_id).toBe(otherSmtp.id);
    const unchanged = await json(t.admin('GET', `/portals/${portal.id}`));
    expect(unchanged).toMatchObject({ display_name: 'Brand A Help', footer_html: '<b>Bold</b>' });
    expect(await auditActions(t.handle.db, portal.id)).toEqual([
      'portal.created',
      'portal.updated',
      'portal.updated',
    ]);
  });

  it('applies concurrent edits of different fields without losing either', async () => {
    const portal = await json(create());
    const edits = Array.from({ length: 6 }, (_, i) =>
      t.admin(
        'PATCH',
        `/portals/${portal.id}`,
        i % 2 ? { name: `Name ${i}` } : { description: `Desc ${i}` },
      ),
    );
    expect((await Promise.all(edits)).map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const final = await json(t.admin('GET', `/portals/${portal.id}`));
    expect(final.name).toMatch(/^Name [135]$/);
    expect(final.description).toMatch(/^Desc [024]$/);
    expect(
      (await auditActions(t.handle.db, portal.id)).filter((a) => a === 'portal.updated'),
    ).toHaveLength(6);
  });

  it('disables a portal, ending its shopper sessions, and enables it again', async () => {
    const portal = await json(create());
    const customer = await makeCustomer(t.handle.db, t.account.id);
    const later = new Date(Date.now() + 3_600_000);
    await t.handle.db
      .insertInto('sessions')
      .values({
        account_id: t.account.id,
        portal_id: portal.id,
        customer_id: customer.id,
        last_seen_at: new Date(),
        idle_expires_at: later,
        absolute_expires_at: later,
      })
      .execute();

    const off = await t.admin('POST', `/portals/${portal.id}/disable`);
    expect(off.status).toBe(200);
    expect((await json(off)).enabled).toBe(false);
    const sessions = await t.handle.db
      .selectFrom('sessions')
      .select(['revoked_at', 'revoked_reason'])
      .where('portal_id', '=', portal.id)
      .execute();
    expect(sessions).toEqual([{ revoked_at: expect.any(Date), revoked_reason: 'portal_disabled' }]);

    const on = await t.admin('POST', `/portals/${portal.id}/enable`);
    expect(on.status).toBe(200);
    expect((await json(on)).enabled).toBe(true);
    expect(await auditActions(t.handle.db, portal.id)).toEqual([
      'portal.created',
      'portal.disabled',
      'portal.enabled',
    ]);
  });

  it('refuses to enable a portal whose tracking domain is no longer ready', async () => {
    const d = await makeTrackingDomain(t.handle.db, t.account.id);
    const portal = await json(create({ tracking_domain_id: d.id, enabled: false }));
    expect(portal.enabled).toBe(false);
    await t.handle.db
      .updateTable('tracking_domains')
      .set({ ssl_active: false })
      .where('id', '=', d.id)
      .execute();
    await expectError(
      t.admin('POST', `/portals/${portal.id}/enable`),
      422,
      'tracking_domain_not_ready',
    );
    expect((await json(t.admin('GET', `/portals/${portal.id}`))).enabled).toBe(false);
  });

  it('gives the embed snippets for iframe, script tag and inline modes', async () => {
    const portal = await json(create());
    const res = await t.admin('GET', `/portals/${portal.id}/embed`);
    expect(res.status).toBe(200);
    const snippet = await json(res);
    const src = `https://portal.brand-a.test/p/${portal.id}`;
    expect(snippet.iframe).toBe(
      `<iframe src="${src}" title="Brand A Account" style="width:100%;min-height:640px;border:0" loading="lazy" allow="payment"></iframe>`,
    );
    expect(snippet.script_tag).toBe(
      `<div id="portico-portal"></div>\n<script src="https://portal.brand-a.test/embed.js" data-portal="${portal.id}" async></script>`,
    );
    expect(snippet.script_tag_inline).toBe(
      `<div id="portico-portal"></div>\n<script src="https://portal.brand-a.test/embed.js" data-portal="${portal.id}" data-mode="inline" async></script>`,
    );
  });

  it('escapes the display name in the iframe title', async () => {
    const portal = await json(create({ display_name: 'A "quoted" <b>name</b> & co' }));
    const snippet = await json(t.admin('GET', `/portals/${portal.id}/embed`));
    expect(snippet.iframe).toContain(
      'title="A &quot;quoted&quot; &lt;b&gt;name&lt;/b&gt; &amp; co"',
    );
  });

  it("gives another account 404 for this account's portal on every route", async () => {
    const portal = await json(create());
    for (const [method, path, b] of [
      ['GET', `/portals/${portal.id}`, undefined],
      ['PATCH', `/portals/${portal.id}`, { name: 'Hijacked' }],
      ['POST', `/portals/${portal.id}/enable`, undefined],
      ['POST', `/portals/${portal.id}/disable`, undefined],
      ['GET', `/portals/${portal.id}/embed`, undefined],
    ] as const) {
      await expectError(t.admin(method, path, b, other.key), 404, 'not_found');
    }
    expect((await json(t.admin('GET', `/portals/${portal.id}`))).name).toBe('Brand A');
    expect((await json(t.admin('GET', `/portals/${portal.id}`))).enabled).toBe(true);
    await expectError(t.admin('GET', '/portals/not-a-uuid'), 404, 'not_found');
  });

  it("never lets another account build a portal on this account's resources", async () => {
    const theirs = {
      tracking_domain_id: (await makeTrackingDomain(t.handle.db, other.id)).id,
      smtp_profile_id: (await makeSmtpProfile(t.handle.db, other.id, { fromEmail: FROM })).id,
      campaign_ids: [],
      shop_ids: [],
    };
    const mine = (o: Record<string, unknown>) => create({ ...theirs, ...o }, other.key);
    await expectError(mine({ tracking_domain_id: domain.id }), 422, 'tracking_domain_not_ready');
    await expectError(mine({ smtp_profile_id: smtpId }), 422, 'smtp_profile_not_found');
    await expectError(mine({ campaign_ids: [campaignId] }), 422, 'campaign_not_found');
    await expectError(mine({ shop_ids: [shopId] }), 422, 'shop_not_found');
    await expectError(
      mine({ create_non_existing_customer: true, non_existing_customer_campaign_id: campaignId }),
      422,
      'campaign_not_found',
    );
    const own = await create(theirs, other.key);
    expect(own.status).toBe(201);
    const ownPortal = await json(own);
    await expectError(
      t.admin('PATCH', `/portals/${ownPortal.id}`, { tracking_domain_id: domain.id }, other.key),
      422,
      'tracking_domain_not_ready',
    );
    await expectError(
      t.admin('PATCH', `/portals/${ownPortal.id}`, { campaign_ids: [campaignId] }, other.key),
      422,
      'campaign_not_found',
    );
  });
});
