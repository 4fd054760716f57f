import type { Db } from '@portico/db';

/** The audit actions recorded about one subject, oldest first. */
export async function auditActions(db: Db, subjectId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('audit_events')
    .select('action')
    .where('subject_id', '=', subjectId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.action);
}

/** The customer's note bodies, oldest first. */
export async function noteBodies(db: Db, customerId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('customer_notes')
    .select('body')
    .where('customer_id', '=', customerId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => r.body);
}

/** Every webhook payload waiting in the outbox. */
export async function webhookPayloads(db: Db): Promise<Record<string, unknown>[]> {
  const rows = await db
    .selectFrom('outbox')
    .select('payload')
    .where('kind', '=', 'webhook')
    .execute();
  return rows.map((r) => r.payload);
}
