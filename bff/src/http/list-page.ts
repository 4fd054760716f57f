import type { Database } from '@portico/db';
import type { Page, PageQuery } from '@portico/shared';
import { type SelectQueryBuilder, sql } from 'kysely';
import { afterCursor, decodeCursor, toPage } from './pagination.js';

/**
 * One page of an account's rows in (created_at, id) order. The caller builds the query
 * (table, columns, account filter); this adds the cursor, order and limit.
 */
export async function listPage<Row extends { id: string }, Out>(
  // biome-ignore lint/suspicious/noExplicitAny: works over any table with created_at and id
  qb: SelectQueryBuilder<Database, any, Row>,
  table: keyof Database & string,
  page: PageQuery,
  map: (row: Row) => Out,
): Promise<Page<Out>> {
  const rows = await afterCursor(qb, decodeCursor(page.cursor), table)
    .orderBy(sql.ref(`${table}.created_at`))
    .orderBy(sql.ref(`${table}.id`))
    .limit(page.limit + 1)
    .execute();
  return toPage(rows, page.limit, map);
}

/** Postgres unique_violation (both pg and PGlite report the SQLSTATE as `code`). */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === '23505';
}
