import type { Db, Tx } from '@portico/db';
import type { Address } from '@portico/shared';
import { ApiError } from '../../http/api-error.js';
import { findOwned, lockOwned, type Owner } from '../ownership/owned.js';
import {
  type ActionContext,
  recordShopperEvent,
  subscriptionData,
} from '../shopper-events/shopper-events.js';
import { type CancelDetails, cancelNoteDetail } from './cancel-flow.js';

type Status = 'active' | 'suspended' | 'cancelled';

/** A subscription of this customer in this account, or undefined (404 for the caller). */
export const findOwnedSubscription = (db: Db | Tx, owner: Owner, id: string) =>
  findOwned(db, 'subscriptions', owner, id);

export const lockSubscription = (tx: Tx, owner: Owner, id: string) =>
  lockOwned(tx, 'subscriptions', owner, id);

export const invalidState = (what: string, status: string) =>
  new ApiError('invalid_state', `cannot ${what} a ${status} item`, { status });

const TRANSITIONS = {
  activate: {
    from: ['suspended', 'cancelled'],
    to: 'active',
    verb: 'Activated',
    type: 'activated',
  },
  suspend: { from: ['active'], to: 'suspended', verb: 'Suspended', type: 'suspended' },
  cancel: { from: ['active', 'suspended'], to: 'cancelled', verb: 'Cancelled', type: 'cancelled' },
} as const satisfies Record<
  string,
  { from: readonly Status[]; to: Status; verb: string; type: string }
>;

export type SubscriptionTransition = keyof typeof TRANSITIONS;

/** What a subscription brought back to active forgets of its cancellation. */
export const CLEARED_CANCELLATION = {
  cancel_reason: null,
  cancel_reason_label: null,
  cancel_comment: null,
  cancelled_at: null,
} as const;

/**
 * activate / suspend / cancel: a legal status change with its events, or 409 invalid_state.
 * A cancel records the portal-checked reason and comment on the subscription, in the note
 * and in the event; a suspend from the cancel flow's save step says so in the event.
 */
export async function transitionSubscription(
  db: Db,
  ctx: ActionContext,
  id: string,
  action: SubscriptionTransition,
  extra: { cancel?: CancelDetails; saveOffer?: boolean } = {},
) {
  const cancel = extra.cancel;
  const rule = TRANSITIONS[action];
  return db.transaction().execute(async (tx) => {
    const sub = await lockSubscription(tx, ctx.shopper, id);
    if (!(rule.from as readonly Status[]).includes(sub.status))
      throw invalidState(action, sub.status);
    const updated = await tx
      .updateTable('subscriptions')
      .set({
        status: rule.to,
        updated_at: ctx.now,
        ...(action === 'cancel'
          ? {
              cancel_reason: cancel?.reason ?? null,
              cancel_reason_label: cancel?.reasonLabel ?? null,
              cancel_comment: cancel?.comment ?? null,
              cancelled_at: ctx.now,
            }
          : {}),
        ...(action === 'activate' ? CLEARED_CANCELLATION : {}),
      })
      .where('id', '=', sub.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordShopperEvent(tx, ctx, {
      type: `subscription.${rule.type}`,
      subjectType: 'subscription',
      subjectId: sub.id,
      note: `${rule.verb} subscription ${sub.product_name}`,
      ...(action === 'cancel' && cancel ? { noteDetail: cancelNoteDetail(cancel) } : {}),
      ...(action === 'suspend' && extra.saveOffer
        ? { noteDetail: 'Suspended instead of cancelling' }
        : {}),
      data: {
        subscription_id: sub.id,
        product_name: sub.product_name,
        previous_status: sub.status,
        status: rule.to,
        subscription: subscriptionData(updated),
        ...(action === 'cancel'
          ? {
              reason: cancel?.reason ?? null,
              reason_label: cancel?.reasonLabel ?? null,
              comment: cancel?.comment ?? null,
            }
          : {}),
        ...(action === 'suspend' ? { save_offer: extra.saveOffer === true } : {}),
      },
    });
    return updated;
  });
}

export async function updateSubscriptionShipTo(
  db: Db,
  ctx: ActionContext,
  id: string,
  shipTo: Address,
) {
  return db.transaction().execute(async (tx) => {
    const sub = await lockSubscription(tx, ctx.shopper, id);
    if (sub.status === 'cancelled') throw invalidState('change the ship-to of', sub.status);
    const updated = await tx
      .updateTable('subscriptions')
      .set({ ship_to: JSON.stringify(shipTo), updated_at: ctx.now })
      .where('id', '=', sub.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordShopperEvent(tx, ctx, {
      type: 'subscription.ship_to_updated',
      subjectType: 'subscription',
      subjectId: sub.id,
      note: `Changed the ship-to of subscription ${sub.product_name}`,
      data: { subscription_id: sub.id, product_name: sub.product_name, ship_to: shipTo },
    });
    return updated;
  });
}
