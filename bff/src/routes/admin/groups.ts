import { type Group, GroupCreate, GroupMemberAdd } from '@portico/shared';
import { Hono } from 'hono';
import { notFound } from '../../http/api-error.js';
import type { AppEnv } from '../../http/context.js';
import { idParam } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { recordAudit } from '../../services/audit/audit.js';
import {
  assertInAccount,
  getCustomer,
  requireCustomer,
} from '../../services/customers/customers.js';
import { accountRows, readRoutes } from './account-rows.js';

type Row = { id: string; name: string; created_at: Date };

const toGroup = (r: Row): Group => ({
  id: r.id,
  name: r.name,
  created_at: r.created_at.toISOString(),
});

const rows = accountRows(
  'customer_groups',
  (db) => db.selectFrom('customer_groups').select(['id', 'name', 'created_at']),
  'group',
);

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
  .route('/', readRoutes(rows, toGroup));

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
