import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCustomer } from '../../testing/fixtures.js';
import { createTestContext, json, type TestContext } from '../../testing/harness.js';

describe('admin customer notes', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  it('adds admin notes and lists them newest first, page by page', async () => {
    const customer = await makeCustomer(t.handle.db, t.account.id);
    const path = `/customers/${customer.id}/notes`;
    const made = [];
    for (const body of ['first', 'second', 'third']) {
      const res = await t.admin('POST', path, { body: `  ${body} ` });
      expect(res.status, body).toBe(201);
      made.push(await json(res));
    }
    expect(made[0]).toMatchObject({ body: 'first', source: 'admin' });

    const page1 = await json(t.admin('GET', `${path}?limit=2`));
    expect(page1.data, 'newest first').toEqual([made[2], made[1]]);
    const page2 = await json(t.admin('GET', `${path}?limit=2&cursor=${page1.next_cursor}`));
    expect(page2).toEqual({ data: [made[0]], next_cursor: null });

    const audit = await t.handle.db
      .selectFrom('audit_events')
      .select(['action', 'subject_id'])
      .where('customer_id', '=', customer.id)
      .orderBy('created_at')
      .execute();
    expect(audit).toEqual(made.map((n) => ({ action: 'customer.note_added', subject_id: n.id })));
  });

  it('rejects empty or extra fields and hides notes from other accounts', async () => {
    const customer = await makeCustomer(t.handle.db, t.account.id);
    const path = `/customers/${customer.id}/notes`;
    for (const bad of [
      {},
      { body: '   ' },
      { body: 'x', source: 'system' },
      { body: 'x'.repeat(5001) },
    ]) {
      const res = await t.admin('POST', path, bad);
      expect(res.status, JSON.stringify(bad).slice(0, 40)).toBe(400);
      expect((await json(res)).error.code).toBe('validation_failed');
    }
    await t.admin('POST', path, { body: 'private' });
    const other = await t.newAccount('Other');
    expect((await t.admin('GET', path, undefined, other.key)).status).toBe(404);
    expect((await t.admin('POST', path, { body: 'sneaky' }, other.key)).status).toBe(404);
    const notes = await t.handle.db
      .selectFrom('customer_notes')
      .select('body')
      .where('customer_id', '=', customer.id)
      .execute();
    expect(notes).toEqual([{ body: 'private' }]);
    expect((await t.admin('GET', '/customers/nope/notes')).status).toBe(404);
  });
});
