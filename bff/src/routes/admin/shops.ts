/**
 * Third-party shops (Shopify, WooCommerce, ...) customers come from; portals filter on them.
 *
 * POST /     create
 * GET  /     list, paginated
 * GET  /:id  one
 */
import { type Shop, ShopCreate } from '@portico/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { validate } from '../../http/validate.js';
import { accountRows, readRoutes } from './account-rows.js';
import { auditAdmin } from './admin-audit.js';

const COLUMNS = ['id', 'name', 'platform', 'url', 'created_at'] as const;

type Row = { id: string; name: string; platform: string; url: string | null; created_at: Date };

const toShop = (r: Row): Shop => ({
  id: r.id,
  name: r.name,
  platform: r.platform as Shop['platform'],
  url: r.url,
  created_at: r.created_at.toISOString(),
});

const rows = accountRows('shops', (db) => db.selectFrom('shops').select(COLUMNS), 'shop');

export const shops = new Hono<AppEnv>()
  .post('/', validate('json', ShopCreate), async (c) => {
    const { db } = c.get('deps');
    const { accountId } = c.get('admin');
    const input = c.req.valid('json');
    const row = await db.transaction().execute(async (tx) => {
      const created = await tx
        .insertInto('shops')
        .values({
          account_id: accountId,
          name: input.name,
          platform: input.platform,
          url: input.url ?? null,
        })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      await auditAdmin(c, tx, {
        action: 'shop.created',
        subjectType: 'shop',
        subjectId: created.id,
      });
      return created;
    });
    return c.json(toShop(row), 201);
  })
  .route('/', readRoutes(rows, toShop));
