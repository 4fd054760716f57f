import {
  type CustomerCreate,
  CustomerCreate as CustomerCreateSchema,
  CustomerEdit,
  CustomerListQuery,
  CustomerSearchQuery,
  type CustomerStatus,
} from '@portico/shared';
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { toPage } from '../../http/pagination.js';
import { idParam } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { addCustomerNote, recordAudit } from '../../services/audit/audit.js';
import {
  emailTaken,
  getCustomer,
  isEmailTaken,
  listCustomers,
  mergeMetadata,
  requireCustomer,
  searchCustomers,
  setCustomerStatus,
  setLinks,
  toCustomers,
} from '../../services/customers/customers.js';

/** Metadata on create: null values mean "no such key", so they are simply dropped. */
const withoutNulls = (m: CustomerCreate['metadata']) =>
  Object.fromEntries(Object.entries(m).filter(([, v]) => v !== null));

/** Maps the email unique-index race to 409 `email_taken`; everything else passes through. */
async function guardEmail<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (isEmailTaken(err)) throw emailTaken();
    throw err;
  }
}

const STATUS_NOTES: Record<CustomerStatus, string> = {
  enabled: 'Enabled by merchant',
  disabled: 'Disabled by merchant',
};

async function changeStatus(c: Context<AppEnv>, status: CustomerStatus) {
  const { db, clock } = c.get('deps');
  const { accountId } = c.get('admin');
  const id = idParam(c.req.param('id'), 'customer');
  await db.transaction().execute(async (tx) => {
    const customer = await requireCustomer(tx, accountId, id, { forUpdate: true });
    if (!(await setCustomerStatus(tx, customer, status, clock()))) return;
    await recordAudit(tx, {
      accountId,
      customerId: id,
      actor: 'admin',
      action: status === 'enabled' ? 'customer.enabled' : 'customer.disabled',
      subjectType: 'customer',
      subjectId: id,
      requestId: c.get('requestId'),
    });
    await addCustomerNote(tx, {
      accountId,
      customerId: id,
      source: 'admin',
      body: STATUS_NOTES[status],
    });
  });
  return c.json(await getCustomer(db, accountId, id));
}

export const customers = new Hono<AppEnv>()
  .get('/', validate('query', CustomerListQuery), async (c) => {
    const { db } = c.get('deps');
    const query = c.req.valid('query');
    const rows = await listCustomers(db, c.get('admin').accountId, query);
    const page = toPage(rows, query.limit, (r) => r);
    return c.json({ data: await toCustomers(db, page.data), next_cursor: page.next_cursor });
  })
  // Registered before /:id so "search" is never read as an id.
  .get('/search', validate('query', CustomerSearchQuery), async (c) => {
    const { db } = c.get('deps');
    const { q, limit } = c.req.valid('query');
    return c.json({ data: await searchCustomers(db, c.get('admin').accountId, q, limit) });
  })
  .post('/', validate('json', CustomerCreateSchema), async (c) => {
    const { db } = c.get('deps');
    const { accountId } = c.get('admin');
    const input = c.req.valid('json');
    const id = await guardEmail(
      db.transaction().execute(async (tx) => {
        const created = await tx
          .insertInto('customers')
          .values({
            account_id: accountId,
            first_name: input.first_name ?? null,
            last_name: input.last_name ?? null,
            company: input.company ?? null,
            email: input.email,
            phone: input.phone ?? null,
            bill_to: input.bill_to ? JSON.stringify(input.bill_to) : null,
            ship_to: input.ship_to ? JSON.stringify(input.ship_to) : null,
            internal_id: input.internal_id ?? null,
            external_id: input.external_id ?? null,
            metadata: JSON.stringify(withoutNulls(input.metadata)),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await setLinks(tx, accountId, created.id, input);
        await recordAudit(tx, {
          accountId,
          customerId: created.id,
          actor: 'admin',
          action: 'customer.created',
          subjectType: 'customer',
          subjectId: created.id,
          requestId: c.get('requestId'),
        });
        return created.id;
      }),
    );
    return c.json(await getCustomer(db, accountId, id), 201);
  })
  .get('/:id', async (c) => {
    const id = idParam(c.req.param('id'), 'customer');
    return c.json(await getCustomer(c.get('deps').db, c.get('admin').accountId, id));
  })
  .patch('/:id', validate('json', CustomerEdit), async (c) => {
    const { db, clock } = c.get('deps');
    const { accountId } = c.get('admin');
    const id = idParam(c.req.param('id'), 'customer');
    const input = c.req.valid('json');
    // An empty edit changes nothing, so it records nothing either.
    if (Object.keys(input).length === 0) return c.json(await getCustomer(db, accountId, id));
    await guardEmail(
      db.transaction().execute(async (tx) => {
        const customer = await requireCustomer(tx, accountId, id, { forUpdate: true });
        await setLinks(tx, accountId, id, input);
        const json = (v: unknown) => (v === undefined ? undefined : v ? JSON.stringify(v) : null);
        await tx
          .updateTable('customers')
          .set({
            first_name: input.first_name,
            last_name: input.last_name,
            company: input.company,
            email: input.email,
            phone: input.phone,
            bill_to: json(input.bill_to),
            ship_to: json(input.ship_to),
            internal_id: input.internal_id,
            external_id: input.external_id,
            metadata: input.metadata
              ? JSON.stringify(mergeMetadata(customer.metadata, input.metadata))
              : undefined,
            updated_at: clock(),
          })
          .where('id', '=', id)
          .where('account_id', '=', accountId)
          .execute();
        await recordAudit(tx, {
          accountId,
          customerId: id,
          actor: 'admin',
          action: 'customer.updated',
          subjectType: 'customer',
          subjectId: id,
          data: { fields: Object.keys(input).sort() },
          requestId: c.get('requestId'),
        });
      }),
    );
    return c.json(await getCustomer(db, accountId, id));
  })
  .post('/:id/enable', (c) => changeStatus(c, 'enabled'))
  .post('/:id/disable', (c) => changeStatus(c, 'disabled'));
