/**
 * Campaigns a customer is acquired through; portals filter on them.
 *
 * POST /     create
 * GET  /     list, paginated
 * GET  /:id  one
 */
import { type Campaign, CampaignCreate } from '@portico/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { validate } from '../../http/validate.js';
import { accountRows, readRoutes } from './account-rows.js';
import { auditAdmin } from './admin-audit.js';

const COLUMNS = ['id', 'name', 'description', 'created_at'] as const;

type Row = { id: string; name: string; description: string | null; created_at: Date };

const toCampaign = (r: Row): Campaign => ({
  id: r.id,
  name: r.name,
  description: r.description,
  created_at: r.created_at.toISOString(),
});

const rows = accountRows(
  'campaigns',
  (db) => db.selectFrom('campaigns').select(COLUMNS),
  'campaign',
);

export const campaigns = new Hono<AppEnv>()
  .post('/', validate('json', CampaignCreate), async (c) => {
    const { db } = c.get('deps');
    const { accountId } = c.get('admin');
    const input = c.req.valid('json');
    const row = await db.transaction().execute(async (tx) => {
      const created = await tx
        .insertInto('campaigns')
        .values({ account_id: accountId, name: input.name, description: input.description ?? null })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      await auditAdmin(c, tx, {
        action: 'campaign.created',
        subjectType: 'campaign',
        subjectId: created.id,
      });
      return created;
    });
    return c.json(toCampaign(row), 201);
  })
  .route('/', readRoutes(rows, toCampaign));
