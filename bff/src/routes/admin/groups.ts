import { type Group, GroupCreate, GroupMemberAdd, PageQuery } from '@portico/shared';
import { Hono } from 'hono';
import { notFound } from '../../http/api-error.js';
import type { AppEnv } from '../../http/context.js';
import { afterCursor, decodeCursor, toPage } from '../../http/pagination.js';
import { idParam } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { recordAudit } from '../../services/audit/audit.js';
import {
  assertInAccount,
  getCustomer,
  requireCustomer,
} from '../../services/customers/customers.js';

type Row = { id: string; name: string; created_at: Date };

const toGroup = (r: Row): Group => ({
  id: r.id,
  name: r.name,
  created_at: r.created_at.toISOString(),
});

/** Customer groups of the account: /groups. */
export const groups = new Hono<AppEnv>()
  .post('/', validate('json', GroupCreate), async (c) => {
    const { db } = c.get('deps');
    const { accountId } = c.get('admin');
    const { name } = c.req.valid('json');
    const row = await db.transaction().execute(async (tx) => {
      const created = await tx
        .insertInto('customer_groups')
        .values({ account_id: accountId, name })
        .returning(['id', 'name', 'created_at'])
        .executeTakeFirstOrThrow();
      await recordAudit(tx, {
        accountId,
        actor: 'admin',
        action: 'group.created',
        subjectType: 'customer_group',
        subjectId: created.id,
        requestId: c.get('requestId'),
      });
      return created;
    });
    return c.json(toGroup(row), 201);
  })
  .get('/', validate('query', PageQuery), async (c) => {
    const { db } = c.get('deps');
    const { limit, cursor } = c.req.valid('query');
    const rows = await afterCursor(
      db
        .selectFrom('customer_groups')
        .select(['id', 'name', 'created_at'])
        .where('account_id', '=', c.get('admin').accountId),
      decodeCursor(cursor),
      'customer_groups',
    )
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit + 1)
      .execute();
    return c.json(toPage(rows, limit, toGroup));
  })
  .get('/:id', async (c) => {
    const id = idParam(c.req.param('id'), 'group');
    const row = await c
      .get('deps')
      .db.selectFrom('customer_groups')
      .select(['id', 'name', 'created_at'])
      .where('id', '=', id)
      .where('account_id', '=', c.get('admin').accountId)
      .executeTakeFirst();
    if (!row) throw notFound('group');
    return c.json(toGroup(row));
  });

/** AddCustomerToGroup and RemoveCustomerFromGroup: /customers/:id/groups. */
export const customerGroups = new Hono<AppEnv>()
  .post('/:id/groups', validate('json', GroupMemberAdd), async (c) => {
    const { db } = c.get('deps');
    const { accountId } = c.get('admin');
    const id = idParam(c.req.param('id'), 'customer');
    const { group_id } = c.req.valid('json');
    await db.transaction().execute(async (tx) => {
      await requireCustomer(tx, accountId, id);
      await assertInAccount(tx, 'customer_groups', accountId, [group_id], 'group_not_found');
      // Idempotent: adding a member twice changes nothing and records nothing.
      const added = await tx
        .insertInto('customer_group_members')
        .values({ group_id, customer_id: id, account_id: accountId })
        .onConflict((oc) => oc.columns(['group_id', 'customer_id']).doNothing())
        .returning('group_id')
        .executeTakeFirst();
      if (!added) return;
      await recordAudit(tx, {
        accountId,
        customerId: id,
        actor: 'admin',
        action: 'customer.group_added',
        subjectType: 'customer_group',
        subjectId: group_id,
        requestId: c.get('requestId'),
      });
    });
    return c.json(await getCustomer(db, accountId, id));
  })
  .delete('/:id/groups/:groupId', async (c) => {
    const { db } = c.get('deps');
    const { accountId } = c.get('admin');
    const id = idParam(c.req.param('id'), 'customer');
    const groupId = idParam(c.req.param('groupId'), 'group membership');
    await db.transaction().execute(async (tx) => {
      await requireCustomer(tx, accountId, id);
      const removed = await tx
        .deleteFrom('customer_group_members')
        .where('group_id', '=', groupId)
        .where('customer_id', '=', id)
        .where('account_id', '=', accountId)
        .returning('group_id')
        .executeTakeFirst();
      if (!removed) throw notFound('group membership');
      await recordAudit(tx, {
        accountId,
        customerId: id,
        actor: 'admin',
        action: 'customer.group_removed',
        subjectType: 'customer_group',
        subjectId: groupId,
        requestId: c.get('requestId'),
      });
    });
    return c.json(await getCustomer(db, accountId, id));
  });
