/**
 * Third-party shops (Shopify, WooCommerce, ...) customers come from; portals filter on them.
 *
 * POST /     create
 * GET  /     list, paginated
 * GET  /:id  one
 */
import { PageQuery, type Shop, ShopCreate } from '@portico/shared';
import { Hono } from 'hono';
import { notFound } from '../../http/api-error.js';
import type { AppEnv } from '../../http/context.js';
import { listPage } from '../../http/list-page.js';
import { idParam } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { recordAudit } from '../../services/audit/audit.js';

const COLUMNS = ['id', 'name', 'platform', 'url', 'created_at'] as const;

type Row = { id: string; name: string; platform: string; url: string | null; created_at: Date };

const toShop = (r: Row): Shop => ({
  id: r.id,
  name: r.name,
  platform: r.platform as Shop['platform'],
  url: r.url,
  created_at: r.created_at.toISOString(),
});

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
      await recordAudit(tx, {
        accountId,
        actor: 'admin',
        action: 'shop.created',
        subjectType: 'shop',
        subjectId: created.id,
        requestId: c.get('requestId'),
      });
      return created;
    });
    return c.json(toShop(row), 201);
  })
  .get('/', validate('query', PageQuery), async (c) => {
    const qb = c
      .get('deps')
      .db.selectFrom('shops')
      .select(COLUMNS)
      .where('account_id', '=', c.get('admin').accountId);
    return c.json(await listPage(qb, 'shops', c.req.valid('query'), toShop));
  })
  .get('/:id', async (c) => {
    const id = idParam(c.req.param('id'), 'shop');
    const row = await c
      .get('deps')
      .db.selectFrom('shops')
      .select(COLUMNS)
      .where('id', '=', id)
      .where('account_id', '=', c.get('admin').accountId)
      .executeTakeFirst();
    if (!row) throw notFound('shop');
    return c.json(toShop(row));
  });
