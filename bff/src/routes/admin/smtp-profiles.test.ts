import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, json, type TestContext, testConfig } from '../../testing/harness.js';

const postmark = {
  name: 'Brand A mail',
  from_email: 'Support@Brand-A.example',
  from_name: 'Brand A Support',
  transport: 'postmark',
  postmark_server_token: 'pm-server-token-secret-123',
};
const devOutbox = {
  name: 'Dev mail',
  from_email: 'dev@brand-a.example',
  from_name: 'Dev',
  transport: 'dev_outbox',
};

describe('admin SMTP profiles', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  it('creates a postmark profile and never returns its token', async () => {
    const res = await t.admin('POST', '/smtp-profiles', postmark);
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(text).not.toContain(postmark.postmark_server_token);
    const body = JSON.parse(text);
    expect(body).toEqual({
      id: expect.any(String),
      name: 'Brand A mail',
      from_email: 'support@brand-a.example',
      from_name: 'Brand A Support',
      transport: 'postmark',
      has_server_token: true,
      created_at: expect.any(String),
    });
    const got = await t.admin('GET', `/smtp-profiles/${body.id}`);
    const gotText = await got.text();
    expect(gotText).not.toContain(postmark.postmark_server_token);
    expect(JSON.parse(gotText)).toEqual(body);
    const stored = await t.handle.db
      .selectFrom('smtp_profiles')
      .select('postmark_server_token')
      .where('id', '=', body.id)
      .executeTakeFirstOrThrow();
    expect(stored.postmark_server_token).toBe(postmark.postmark_server_token);
  });

  it('creates a dev outbox profile outside production and lists profiles in order', async () => {
    const dev = await json(t.admin('POST', '/smtp-profiles', devOutbox));
    expect(dev).toMatchObject({ transport: 'dev_outbox', has_server_token: false });
    const list = await t.admin('GET', '/smtp-profiles?limit=100');
    const text = await list.text();
    expect(text).not.toContain(postmark.postmark_server_token);
    const names = JSON.parse(text).data.map((p: { name: string }) => p.name);
    expect(names.at(-1)).toBe('Dev mail');
    const page = await json(t.admin('GET', '/smtp-profiles?limit=1'));
    expect(page.data).toHaveLength(1);
    expect(page.next_cursor).toEqual(expect.any(String));
  });

  it('requires a server token for postmark and rejects bad fields with 400', async () => {
    const { postmark_server_token: _, ...noToken } = postmark;
    for (const bad of [
      noToken,
      { ...postmark, postmark_server_token: 'short' },
      { ...devOutbox, postmark_server_token: 'pm-server-token-secret-123' },
      { ...devOutbox, from_email: 'not-an-email' },
      { ...devOutbox, transport: 'smtp' },
      { ...devOutbox, name: '' },
      { ...devOutbox, account_id: t.account.id },
    ]) {
      const res = await t.admin('POST', '/smtp-profiles', bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect((await json(res)).error.code).toBe('validation_failed');
    }
  });

  it('refuses the dev outbox in production with 400, but accepts postmark', async () => {
    const prod = await createTestContext({
      config: testConfig({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
        CAPTCHA_MODE: 'recaptcha',
      }),
    });
    try {
      const res = await prod.admin('POST', '/smtp-profiles', devOutbox);
      expect(res.status).toBe(400);
      expect((await json(res)).error).toMatchObject({
        code: 'validation_failed',
        details: { issues: [{ path: 'transport', code: 'not_allowed_in_production' }] },
      });
      expect((await prod.admin('POST', '/smtp-profiles', postmark)).status).toBe(201);
    } finally {
      await prod.close();
    }
  });

  it("gives another account 404 for this account's profile and an empty list", async () => {
    const mine = await json(t.admin('POST', '/smtp-profiles', devOutbox));
    const other = await t.newAccount('Other');
    const res = await t.admin('GET', `/smtp-profiles/${mine.id}`, undefined, other.key);
    expect(res.status).toBe(404);
    expect((await json(res)).error.code).toBe('not_found');
    expect((await json(t.admin('GET', '/smtp-profiles', undefined, other.key))).data).toEqual([]);
    expect((await t.admin('GET', '/smtp-profiles/not-a-uuid')).status).toBe(404);
  });
});
