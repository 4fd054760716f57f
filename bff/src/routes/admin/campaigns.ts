import { type Campaign, CampaignCreate, PageQuery } from '@portico/shared';
import { Hono } from 'hono';
import { notFound } from '../../http/api-error.js';
import type { AppEnv } from '../../http/context.js';
import { afterCursor, decodeCursor, toPage } from '../../http/pagination.js';
import { idParam } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { recordAudit } from '../../services/audit/audit.js';

type Row = { id: string; name: string; description: string | null; created_at: Date };

const toCampaign = (r: Row): Campaign => ({
  id: r.id,
  name: r.name,
  description: r.description,
  created_at: r.created_at.toISOString(),
});

export const campaigns = new Hono<AppEnv>()
  .post('/', validate('json', CampaignCreate), async (c) => {
    const { db } = c.get('deps');
    const { accountId } = c.get('admin');
    const input = c.req.valid('json');
    const row = await db.transaction().execute(async (tx) => {
      const created = await tx
        .insertInto('campaigns')
        .values({ account_id: accountId, name: input.name, description: input.description ?? null })
        .returning(['id', 'name', 'description', 'created_at'])
        .executeTakeFirstOrThrow();
      await recordAudit(tx, {
        accountId,
        actor: 'admin',
        action: 'campaign.created',
        subjectType: 'campaign',
        subjectId: created.id,
        requestId: c.get('requestId'),
      });
      return created;
    });
    return c.json(toCampaign(row), 201);
  })
  .get('/', validate('query', PageQuery), async (c) => {
    const { db } = c.get('deps');
    const { limit, cursor } = c.req.valid('query');
    const rows = await afterCursor(
      db
        .selectFrom('campaigns')
        .select(['id', 'name', 'description', 'created_at'])
        .where('account_id', '=', c.get('admin').accountId),
      decodeCursor(cursor),
      'campaigns',
    )
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit + 1)
      .execute();
    return c.json(toPage(rows, limit, toCampaign));
  })
  .get('/:id', async (c) => {
    const id = idParam(c.req.param('id'), 'campaign');
    const row = await c
      .get('deps')
      .db.selectFrom('campaigns')
      .select(['id', 'name', 'description', 'created_at'])
      .where('id', '=', id)
      .where('account_id', '=', c.get('admin').accountId)
      .executeTakeFirst();
    if (!row) throw notFound('campaign');
    return c.json(toCampaign(row));
  });
