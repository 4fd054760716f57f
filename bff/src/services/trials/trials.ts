import type { Db, Tx } from '@portico/db';
import { findOwned, lockOwned, type Owner } from '../ownership/owned.js';
import { type ActionContext, recordShopperEvent } from '../shopper-events/shopper-events.js';
import { addInterval } from '../subscriptions/intervals.js';
import { invalidState } from '../subscriptions/subscriptions.js';

export const findOwnedTrial = (db: Db | Tx, owner: Owner, id: string) =>
  findOwned(db, 'trials', owner, id);

export const lockTrial = (tx: Tx, owner: Owner, id: string) => lockOwned(tx, 'trials', owner, id);

type TrialRow = Awaited<ReturnType<typeof lockTrial>>;

/** A paid expiration turns the trial into an active subscription on the card that paid. */
export async function convertTrial(
  tx: Tx,
  ctx: ActionContext,
  trial: TrialRow,
  cardId: string | null,
): Promise<string> {
  const sub = await tx
    .insertInto('subscriptions')
    .values({
      account_id: trial.account_id,
      customer_id: trial.customer_id,
      campaign_id: null,
      product_name: trial.product_name,
      amount: trial.expiration_amount,
      currency: trial.currency,
      interval: trial.interval,
      interval_count: trial.interval_count,
      status: 'active',
      next_renewal_at: addInterval(ctx.now, trial.interval, trial.interval_count),
      ship_to: trial.ship_to === null ? null : JSON.stringify(trial.ship_to),
      card_id: cardId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx
    .updateTable('trials')
    .set({ status: 'expired', subscription_id: sub.id, updated_at: ctx.now })
    .where('id', '=', trial.id)
    .execute();
  return sub.id;
}

export async function cancelTrial(db: Db, ctx: ActionContext, id: string) {
  return db.transaction().execute(async (tx) => {
    const trial = await lockTrial(tx, ctx.shopper, id);
    if (trial.status !== 'active') throw invalidState('cancel', trial.status);
    const updated = await tx
      .updateTable('trials')
      .set({ status: 'cancelled', updated_at: ctx.now })
      .where('id', '=', trial.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordShopperEvent(tx, ctx, {
      type: 'trial.cancelled',
      subjectType: 'trial',
      subjectId: trial.id,
      note: `Cancelled trial ${trial.product_name}`,
      data: {
        trial_id: trial.id,
        product_name: trial.product_name,
        previous_status: trial.status,
        status: 'cancelled',
      },
    });
    return updated;
  });
}
