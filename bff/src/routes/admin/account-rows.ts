import type { Database, Db, Tx } from '@portico/db';
import { type Page, PageQuery } from '@portico/shared';
import { Hono } from 'hono';
import { type SelectQueryBuilder, sql } from 'kysely';
import { notFound } from '../../http/api-error.js';
import type { AppEnv } from '../../http/context.js';
import { listPage } from '../../http/list-page.js';
import { idParam } from '../../http/params.js';
import { validate } from '../../http/validate.js';

type AccountTable =
  | 'tracking_domains'
  | 'smtp_profiles'
  | 'campaigns'
  | 'customer_groups'
  | 'shops'
  | 'portals'
  | 'api_keys'
  | 'webhook_endpoints';

/**
 * The reads every admin resource shares, always scoped to the caller's account: a page in
 * (created_at, id) order, and one row by id where another account's row is a plain 404.
 * `select` names the table's columns (and any join); the account filter is added here.
 */
export function accountRows<Row extends { id: string }>(
  table: AccountTable,
  // biome-ignore lint/suspicious/noExplicitAny: the caller's query may join other tables
  select: (db: Db | Tx) => SelectQueryBuilder<Database, any, Row>,
  what: string,
) {
  const column = (name: string) => sql.ref(`${table}.${name}`);
  const scoped = (db: Db | Tx, accountId: string) =>
    select(db).where(sql<boolean>`${column('account_id')} = ${accountId}`);
  return {
    what,
    list: <Out>(
      db: Db,
      accountId: string,
      page: PageQuery,
      map: (row: Row) => Out,
    ): Promise<Page<Out>> => listPage(scoped(db, accountId), table, page, map),
    /** One row; `forUpdate` (inside a transaction) locks it against concurrent edits. */
    find: async (
      db: Db | Tx,
      accountId: string,
      id: string,
      options: { forUpdate?: boolean } = {},
    ): Promise<Row> => {
      const qb = scoped(db, accountId).where(sql<boolean>`${column('id')} = ${id}`);
      const row = await (options.forUpdate ? qb.forUpdate(table) : qb).executeTakeFirst();
      if (!row) throw notFound(what);
      return row as Row;
    },
  };
}

export type AccountRows<Row extends { id: string }> = ReturnType<typeof accountRows<Row>>;

/** `GET /` (a page) and `GET /:id` of an account table, in the API's shape. */
export function readRoutes<Row extends { id: string }, Out extends object>(
  rows: AccountRows<Row>,
  map: (row: Row) => Out,
) {
  return new Hono<AppEnv>()
    .get('/', validate('query', PageQuery), async (c) => {
      const { db } = c.get('deps');
      return c.json(await rows.list(db, c.get('admin').accountId, c.req.valid('query'), map));
    })
    .get('/:id', async (c) => {
      const id = idParam(c.req.param('id'), rows.what);
      return c.json(map(await rows.find(c.get('deps').db, c.get('admin').accountId, id)));
    });
}
