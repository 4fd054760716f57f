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
