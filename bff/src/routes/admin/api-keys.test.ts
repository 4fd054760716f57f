import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.js';
import { auditActions } from '../../testing/audit-trail.js';
import { createTestContext, json, type TestContext } from '../../testing/harness.js';

describe('admin API keys', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  it('creates a key shown once, which then authenticates', async () => {
    const res = await t.admin('POST', '/api-keys', { name: 'CI deploys' });
    expect(res.status).toBe(201);
    const created = await json(res);
    expect(created).toEqual({
      id: expect.any(String),
      name: 'CI deploys',
      prefix: expect.stringMatching(/^[0-9a-f]{12}$/),
      key: expect.stringMatching(/^pk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/),
      created_at: expect.any(String),
      last_used_at: null,
      revoked_at: null,
    });
    expect(created.key.startsWith(`pk_${created.prefix}_`)).toBe(true);
    expect((await t.admin('GET', '/campaigns', undefined, created.key)).status).toBe(200);

    const stored = await t.handle.db
      .selectFrom('api_keys')
      .select('key_hash')
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(stored.key_hash).not.toContain(created.key);
  });

  it('lists keys without secrets or hashes, and records when a key was last used', async () => {
    const created = await json(t.admin('POST', '/api-keys', { name: 'Listed' }));
    await t.admin('GET', '/shops', undefined, created.key);
    const res = await t.admin('GET', '/api-keys?limit=100');
    const text = await res.text();
    expect(text).not.toContain(created.key);
    expect(text).not.toContain('key_hash');
    const list = JSON.parse(text);
    const listed = list.data.find((k: { id: string }) => k.id === created.id);
    expect(Object.keys(listed).sort()).toEqual([
      'created_at',
      'id',
      'last_used_at',
      'name',
      'prefix',
      'revoked_at',
    ]);
    expect(listed.last_used_at).toEqual(expect.any(String));
    expect(list.data[0].name).toBe('test');
  });

  it('revokes a key: 401 from the next request on, on every instance', async () => {
    const created = await json(t.admin('POST', '/api-keys', { name: 'Leaked' }));
    const second = createApp(t.deps);
    const onSecond = () =>
      second.request('/api/admin/v1/campaigns', {
        headers: { authorization: `Bearer ${created.key}` },
      });
    expect((await onSecond()).status).toBe(200);

    const res = await t.admin('POST', `/api-keys/${created.id}/revoke`);
    expect(res.status).toBe(200);
    const revoked = await json(res);
    expect(revoked).toMatchObject({ id: created.id, revoked_at: expect.any(String) });
    expect(revoked).not.toHaveProperty('key');

    const after = await t.admin('GET', '/campaigns', undefined, created.key);
    expect(after.status).toBe(401);
    expect((await json(after)).error.code).toBe('unauthorized');
    expect((await onSecond()).status).toBe(401);

    const again = await json(t.admin('POST', `/api-keys/${created.id}/revoke`));
    expect(again.revoked_at).toBe(revoked.revoked_at);
    expect(await auditActions(t.handle.db, created.id)).toEqual([
      'api_key.created',
      'api_key.revoked',
    ]);
  });

  it('lets a key revoke itself', async () => {
    const created = await json(t.admin('POST', '/api-keys', { name: 'Self' }));
    const res = await t.admin('POST', `/api-keys/${created.id}/revoke`, undefined, created.key);
    expect(res.status).toBe(200);
    expect((await t.admin('GET', '/api-keys', undefined, created.key)).status).toBe(401);
  });

  it('rejects empty names and unknown fields with 400, and a text body with 415', async () => {
    for (const bad of [
      {},
      { name: '' },
      { name: 'x', key: 'pk_chosen' },
      { name: 'x'.repeat(101) },
    ]) {
      const res = await t.admin('POST', '/api-keys', bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect((await json(res)).error.code).toBe('validation_failed');
    }
    const res = await t.app.request(
      '/api/admin/v1/api-keys/00000000-0000-4000-8000-000000000000/revoke',
      {
        method: 'POST',
        headers: { authorization: `Bearer ${t.account.key}`, 'content-type': 'text/plain' },
        body: 'revoke',
      },
    );
    expect(res.status).toBe(415);
  });

  it("gives another account 404 when revoking this account's key, and lists only its own", async () => {
    const mine = await json(t.admin('POST', '/api-keys', { name: 'Mine' }));
    const other = await t.newAccount('Other');
    const res = await t.admin('POST', `/api-keys/${mine.id}/revoke`, undefined, other.key);
    expect(res.status).toBe(404);
    expect((await json(res)).error.code).toBe('not_found');
    expect((await t.admin('GET', '/campaigns', undefined, mine.key)).status).toBe(200);
    const theirs = await json(t.admin('GET', '/api-keys', undefined, other.key));
    expect(theirs.data.map((k: { name: string }) => k.name)).toEqual(['test']);
    expect((await t.admin('POST', '/api-keys/not-a-uuid/revoke')).status).toBe(404);
  });
});
