import type { Tx } from '@portico/db';
import type { ShopperPrincipal } from '../../http/context.js';
import { addCustomerNote, enqueueOutbox, recordAudit } from '../audit/audit.js';

/** Who is acting and from where; built once per request by the route. */
export interface ActionContext {
  shopper: ShopperPrincipal;
  /** The portal's display name, as the request already resolved it (for the note). */
  portalName: string;
  requestId: string;
  ip: string;
  now: Date;
}

export interface ShopperEvent {
  /** Audit action and webhook type, e.g. 'subscription.cancelled'. */
  type: string;
  subjectType: string;
  subjectId: string;
  /** Note text before " via portal <name>", e.g. 'Cancelled subscription Gold Box'. */
  note: string;
  /** Appended after the portal's name, e.g. 'Reason: Too expensive. Comment: …'. */
  noteDetail?: string;
  data: Record<string, unknown>;
}

/** A charge as events carry it: the transaction and its outcome, never card data. */
export function transactionData(row: {
  id: string;
  card_id: string | null;
  amount: number;
  currency: string;
  status: string;
  decline_code: string | null;
  decline_message: string | null;
}) {
  return {
    id: row.id,
    card_id: row.card_id,
    amount: row.amount,
    currency: row.currency,
    status: row.status,
    decline_code: row.decline_code,
    decline_message: row.decline_message,
  };
}

/** A subscription as events carry it. */
export function subscriptionData(sub: {
  id: string;
  product_name: string;
  amount: number;
  currency: string;
  interval: string;
  interval_count: number;
  status: string;
  next_renewal_at: Date | null;
  card_id: string | null;
}) {
  return {
    id: sub.id,
    product_name: sub.product_name,
    amount: sub.amount,
    currency: sub.currency,
    interval: sub.interval,
    interval_count: sub.interval_count,
    status: sub.status,
    next_renewal_at: sub.next_renewal_at?.toISOString() ?? null,
    card_id: sub.card_id,
  };
}

/**
 * The audit event, the customer note naming the portal and the webhook outbox row, written
 * in the caller's transaction so they commit (or not) with the state change.
 */
export async function recordShopperEvent(
  tx: Tx,
  ctx: ActionContext,
  event: ShopperEvent,
): Promise<void> {
  const { shopper, portalName } = ctx;
  await recordAudit(tx, {
    accountId: shopper.accountId,
    portalId: shopper.portalId,
    customerId: shopper.customerId,
    actor: 'shopper',
    action: event.type,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    data: event.data,
    requestId: ctx.requestId,
    ip: ctx.ip,
  });
  await addCustomerNote(tx, {
    accountId: shopper.accountId,
    customerId: shopper.customerId,
    portalId: shopper.portalId,
    source: 'portal',
    body: `${event.note} via portal ${portalName}${event.noteDetail ? `. ${event.noteDetail}` : ''}`,
  });
  await enqueueOutbox(tx, {
    accountId: shopper.accountId,
    kind: 'webhook',
    payload: {
      type: event.type,
      created_at: ctx.now.toISOString(),
      data: { customer_id: shopper.customerId, portal_id: shopper.portalId, ...event.data },
    },
  });
}
