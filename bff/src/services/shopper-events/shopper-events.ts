import type { Tx } from '@portico/db';
import type { ShopperPrincipal } from '../../http/context.js';
import { addCustomerNote, enqueueOutbox, recordAudit } from '../audit/audit.js';

/** Who is acting and from where; built once per request by the route. */
export interface ActionContext {
  shopper: ShopperPrincipal;
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
  data: Record<string, unknown>;
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
  const { shopper } = ctx;
  const portal = await tx
    .selectFrom('portals')
    .select(['name', 'display_name'])
    .where('id', '=', shopper.portalId)
    .where('account_id', '=', shopper.accountId)
    .executeTakeFirst();
  const portalName = portal?.display_name ?? portal?.name ?? 'unknown portal';
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
    body: `${event.note} via portal ${portalName}`,
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
