import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCustomer } from '../../testing/fixtures.js';
import { createTestContext, json, type TestContext } from '../../testing/harness.js';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

describe('admin customer groups', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext();
  });
  afterAll(() => t.close());

  const actions = async (customerId: string) =>
    (
      await t.handle.db
        .selectFrom('audit_events')
        .select('action')
        .where('customer_id', '=', customerId)
        .orderBy('created_at')
        .execute()
    ).map((a) => a.action);

  it('creates, gets and lists groups in a stable order', async () => {
    const acc = await t.newAccount('Groups');
    const made = [];
    for (const name of ['VIP', 'Winback', 'Wholesale']) {
      const res = await t.admin('POST', '/groups', { name }, acc.key);
      expect(res.status, name).toBe(201);
      made.push(await json(res));
    }
    expect(made[0]).toMatchObject({ name: 'VIP' });
    expect(await json(t.admin('GET', `/groups/${made[0].id}`, undefined, acc.key))).toEqual(
      made[0],
    );
    const page1 = await json(t.admin('GET', '/groups?limit=2', undefined, acc.key));
    expect(page1.data).toEqual(made.slice(0, 2));
    const page2 = await json(
      t.admin('GET', `/groups?limit=2&cursor=${page1.next_cursor}`, undefined, acc.key),
    );
    expect(page2).toEqual({ data: [made[2]], next_cursor: null });
    const audit = await t.handle.db
      .selectFrom('audit_events')
      .select('action')
      .where('account_id', '=', acc.id)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['group.created', 'group.created', 'group.created']);
  });

  it('rejects bad group bodies with 400', async () => {
    for (const bad of [{}, { name: '' }, { name: 'x', id: UNKNOWN }, { name: 'x'.repeat(101) }]) {
      const res = await t.admin('POST', '/groups', bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect((await json(res)).error.code).toBe('validation_failed');
    }
  });

  it('adds a customer to a group idempotently and removes them again', async () => {
    const customer = await makeCustomer(t.handle.db, t.account.id);
    const group = await json(t.admin('POST', '/groups', { name: 'VIP' }));
    const path = `/customers/${customer.id}/groups`;

    const added = await t.admin('POST', path, { group_id: group.id });
    expect(added.status).toBe(200);
    expect((await json(added)).group_ids).toEqual([group.id]);
    const twice = await t.admin('POST', path, { group_id: group.id });
    expect(twice.status, 'adding twice is fine').toBe(200);
    expect((await json(twice)).group_ids).toEqual([group.id]);
    expect(await actions(customer.id), 'one audit for one change').toEqual([
      'customer.group_added',
    ]);

    const removed = await t.admin('DELETE', `${path}/${group.id}`);
    expect(removed.status).toBe(200);
    expect((await json(removed)).group_ids).toEqual([]);
    const again = await t.admin('DELETE', `${path}/${group.id}`);
    expect(again.status, 'not a member any more').toBe(404);
    expect((await json(again)).error.code).toBe('not_found');
    expect(await actions(customer.id)).toEqual(['customer.group_added', 'customer.group_removed']);
  });

  it('refuses unknown or foreign groups (422) and foreign customers (404)', async () => {
    const customer = await makeCustomer(t.handle.db, t.account.id);
    const other = await t.newAccount('Other');
    const foreignGroup = await json(t.admin('POST', '/groups', { name: 'Theirs' }, other.key));
    const mine = await json(t.admin('POST', '/groups', { name: 'Mine' }));
    for (const group_id of [UNKNOWN, foreignGroup.id]) {
      const res = await t.admin('POST', `/customers/${customer.id}/groups`, { group_id });
      expect(res.status, group_id).toBe(422);
      expect((await json(res)).error.code).toBe('group_not_found');
    }
    // Account B, even naming its own group, cannot touch account A's customer.
    const viaB = await t.admin(
      'POST',
      `/customers/${customer.id}/groups`,
      { group_id: foreignGroup.id },
      other.key,
    );
    expect(viaB.status).toBe(404);
    await t.admin('POST', `/customers/${customer.id}/groups`, { group_id: mine.id });
    const delViaB = await t.admin(
      'DELETE',
      `/customers/${customer.id}/groups/${mine.id}`,
      undefined,
      other.key,
    );
    expect(delViaB.status).toBe(404);
    expect(
      (await json(t.admin('GET', `/groups/${mine.id}`, undefined, other.key))).error.code,
    ).toBe('not_found');
    const members = await t.handle.db
      .selectFrom('customer_group_members')
      .select('group_id')
      .where('customer_id', '=', customer.id)
      .execute();
    expect(members, 'only the legitimate membership').toEqual([{ group_id: mine.id }]);

    for (const bad of [{}, { group_id: 'x' }, { group_id: mine.id, extra: 1 }]) {
      const res = await t.admin('POST', `/customers/${customer.id}/groups`, bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }
    expect((await t.admin('DELETE', `/customers/${customer.id}/groups/nope`)).status).toBe(404);
  });
});
