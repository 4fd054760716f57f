import type { SelectQueryBuilder } from 'kysely';
import { sql } from 'kysely';
import { ApiError } from './api-error.js';

/**
 * Keyset pagination over (created_at, id): a stable order even while rows are added.
 * The cursor names the last row's id; its created_at is read back from the table so the
 * comparison keeps Postgres's microsecond precision.
 */
export function encodeCursor(row: { id: string }): string {
  return Buffer.from(row.id).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  const id = Buffer.from(cursor, 'base64url').toString();
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) {
    throw new ApiError('validation_failed', 'the cursor is not valid', {
      issues: [{ path: 'cursor', message: 'unknown cursor' }],
    });
  }
  return id;
}

// biome-ignore lint/suspicious/noExplicitAny: works over any table with created_at and id
export function afterCursor<QB extends SelectQueryBuilder<any, any, any>>(
  qb: QB,
  cursorId: string | undefined,
  table: string,
  /** `desc` for newest-first lists ordered by created_at desc, id desc. */
  direction: 'asc' | 'desc' = 'asc',
): QB {
  if (!cursorId) return qb;
  const t = sql.table(table);
  const op = sql.raw(direction === 'asc' ? '>' : '<');
  return qb.where(
    sql<boolean>`(${sql.ref(`${table}.created_at`)}, ${sql.ref(`${table}.id`)}) ${op} (select c.created_at, c.id from ${t} c where c.id = ${cursorId})`,
  ) as QB;
}

/** Takes limit+1 rows, returns a page and the next cursor. */
export function toPage<Row extends { id: string }, Out>(
  rows: Row[],
  limit: number,
  map: (row: Row) => Out,
): { data: Out[]; next_cursor: string | null } {
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  return { data: pageRows.map(map), next_cursor: more && last ? encodeCursor(last) : null };
}

export const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
