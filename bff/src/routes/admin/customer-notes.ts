import { type Note, NoteCreate, PageQuery } from '@portico/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { afterCursor, decodeCursor, toPage } from '../../http/pagination.js';
import { idParam } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { addCustomerNote, recordAudit } from '../../services/audit/audit.js';
import { requireCustomer } from '../../services/customers/customers.js';

type Row = { id: string; body: string; source: string; created_at: Date };

const toNote = (r: Row): Note => ({
  id: r.id,
  body: r.body,
  source: r.source,
  created_at: r.created_at.toISOString(),
});

/** Customer notes: /customers/:id/notes, newest first. */
export const customerNotes = new Hono<AppEnv>()
  .post('/:id/notes', validate('json', NoteCreate), async (c) => {
    const { db } = c.get('deps');
    const { accountId } = c.get('admin');
    const id = idParam(c.req.param('id'), 'customer');
    const { body } = c.req.valid('json');
    const note = await db.transaction().execute(async (tx) => {
      await requireCustomer(tx, accountId, id);
      const created = await addCustomerNote(tx, {
        accountId,
        customerId: id,
        source: 'admin',
        body,
      });
      await recordAudit(tx, {
        accountId,
        customerId: id,
        actor: 'admin',
        action: 'customer.note_added',
        subjectType: 'customer_note',
        subjectId: created.id,
        requestId: c.get('requestId'),
      });
      return created;
    });
    return c.json(toNote(note), 201);
  })
  .get('/:id/notes', validate('query', PageQuery), async (c) => {
    const { db } = c.get('deps');
    const { accountId } = c.get('admin');
    const id = idParam(c.req.param('id'), 'customer');
    const { limit, cursor } = c.req.valid('query');
    await requireCustomer(db, accountId, id);
    const rows = await afterCursor(
      db
        .selectFrom('customer_notes')
        .select(['id', 'body', 'source', 'created_at'])
        .where('account_id', '=', accountId)
        .where('customer_id', '=', id),
      decodeCursor(cursor),
      'customer_notes',
      'desc',
    )
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    return c.json(toPage(rows, limit, toNote));
  });
