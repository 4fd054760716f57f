import type { Db } from '@portico/db';
import { sql } from 'kysely';

/** What a receiver gets, built once per event so every endpoint and retry signs the same bytes. */
export function eventBody(row: {
  id: string;
  created_at: Date;
  payload: Record<string, unknown>;
}): { type: string; body: string } {
  const type = String(row.payload.type ?? 'unknown');
  const timestamp =
    typeof row.payload.created_at === 'string'
      ? row.payload.created_at
      : row.created_at.toISOString();
  const body = JSON.stringify({ id: row.id, type, timestamp, data: row.payload.data ?? {} });
  return { type, body };
}

/**
 * Turns due 'webhook' outbox rows into one delivery per enabled endpoint of the account whose
 * filter takes the event type, and marks the rows sent, all in one transaction: a crash
 * leaves the rows pending (the unique (endpoint, event) pair makes a replay harmless).
 * Returns the outbox rows handled.
 */
export async function fanOut(db: Db, now: Date, batchSize: number): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const rows = await tx
      .selectFrom('outbox')
      .select(['id', 'account_id', 'payload', 'created_at'])
      .where('kind', '=', 'webhook')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .orderBy('created_at')
      .limit(batchSize)
      .forUpdate()
      .skipLocked()
      .execute();
    for (const row of rows) {
      const { type, body } = eventBody(row);
      const endpoints = await tx
        .selectFrom('webhook_endpoints')
        .select('id')
        .where('account_id', '=', row.account_id)
        .where('enabled', '=', true)
        .where((eb) =>
          eb.or([
            eb(sql`cardinality(events)`, '=', 0),
            eb(sql.val(type), '=', sql<string>`any(events)`),
          ]),
        )
        .execute();
      if (endpoints.length > 0) {
        await tx
          .insertInto('webhook_deliveries')
          .values(
            endpoints.map((e) => ({
              account_id: row.account_id,
              endpoint_id: e.id,
              event_id: row.id,
              event_type: type,
              body,
              next_attempt_at: now,
            })),
          )
          .onConflict((oc) => oc.columns(['endpoint_id', 'event_id']).doNothing())
          .execute();
      }
    }
    if (rows.length > 0) {
      await tx
        .updateTable('outbox')
        .set({ status: 'sent', sent_at: now, attempts: sql`attempts + 1` })
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
    }
    return rows.length;
  });
}
