import { assertTransaction, type Tx } from '@portico/db';

export interface AuditInput {
  accountId: string;
  portalId?: string | null;
  customerId?: string | null;
  actor: 'admin' | 'shopper' | 'system';
  action: string;
  subjectType?: string;
  subjectId?: string;
  data?: Record<string, unknown>;
  requestId?: string | null;
  ip?: string | null;
}

/** Audit rows are written in the same transaction as the change they describe. */
export async function recordAudit(tx: Tx, input: AuditInput): Promise<void> {
  assertTransaction(tx);
  await tx
    .insertInto('audit_events')
    .values({
      account_id: input.accountId,
      portal_id: input.portalId ?? null,
      customer_id: input.customerId ?? null,
      actor: input.actor,
      action: input.action,
      subject_type: input.subjectType ?? null,
      subject_id: input.subjectId ?? null,
      data: JSON.stringify(input.data ?? {}),
      request_id: input.requestId ?? null,
      ip: input.ip ?? null,
    })
    .execute();
}

export async function addCustomerNote(
  tx: Tx,
  input: {
    accountId: string;
    customerId: string;
    body: string;
    source: 'admin' | 'portal' | 'system';
    portalId?: string | null;
  },
): Promise<{ id: string; body: string; source: string; created_at: Date }> {
  assertTransaction(tx);
  return tx
    .insertInto('customer_notes')
    .values({
      account_id: input.accountId,
      customer_id: input.customerId,
      portal_id: input.portalId ?? null,
      source: input.source,
      body: input.body,
    })
    .returning(['id', 'body', 'source', 'created_at'])
    .executeTakeFirstOrThrow();
}

export async function enqueueOutbox(
  tx: Tx,
  input: { accountId: string; kind: 'email' | 'webhook'; payload: Record<string, unknown> },
): Promise<string> {
  assertTransaction(tx);
  const row = await tx
    .insertInto('outbox')
    .values({
      account_id: input.accountId,
      kind: input.kind,
      payload: JSON.stringify(input.payload),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
