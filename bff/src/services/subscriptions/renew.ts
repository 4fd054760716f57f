import type { Db } from '@portico/db';
import type { ChargeResult } from '@portico/shared';
import { chargeableCard } from '../cards/cards.js';
import { type AttemptSubject, openAttempt, settleAttempt } from '../payments/charge-attempt.js';
import type { PaymentGateway } from '../payments/gateway.js';
import {
  type ActionContext,
  recordShopperEvent,
  subscriptionData,
  transactionData,
} from '../shopper-events/shopper-events.js';
import { addInterval } from './intervals.js';
import { invalidState, lockSubscription } from './subscriptions.js';

/**
 * Charges the renewal amount (from the subscription row, never the request) now. Success
 * advances the next renewal; a decline changes nothing but the failed transaction.
 */
export async function renewSubscription(
  db: Db,
  gateway: PaymentGateway,
  ctx: ActionContext,
  id: string,
): Promise<ChargeResult> {
  const { attempt, productName } = await db.transaction().execute(async (tx) => {
    const sub = await lockSubscription(tx, ctx.shopper, id);
    if (sub.status !== 'active') throw invalidState('renew', sub.status);
    const card = await chargeableCard(tx, ctx.shopper, [sub.card_id]);
    const period = (sub.next_renewal_at ?? ctx.now).toISOString();
    const subject: AttemptSubject = {
      kind: 'renewal',
      keyPrefix: `renewal:${sub.id}:${period}`,
      accountId: ctx.shopper.accountId,
      customerId: ctx.shopper.customerId,
      portalId: ctx.shopper.portalId,
      subscriptionId: sub.id,
      amount: sub.amount,
      currency: sub.currency,
    };
    return {
      attempt: await openAttempt(tx, gateway, subject, card),
      productName: sub.product_name,
    };
  });

  const settled = await settleAttempt(
    db,
    gateway,
    attempt.id,
    `Renewal of ${productName}`,
    async (tx, outcome, row) => {
      let sub = await lockSubscription(tx, ctx.shopper, id);
      if (outcome.status === 'succeeded') {
        const next = addInterval(sub.next_renewal_at ?? ctx.now, sub.interval, sub.interval_count);
        sub = await tx
          .updateTable('subscriptions')
          .set({ next_renewal_at: next, updated_at: ctx.now })
          .where('id', '=', sub.id)
          .returningAll()
          .executeTakeFirstOrThrow();
      }
      await recordShopperEvent(tx, ctx, {
        type:
          outcome.status === 'succeeded' ? 'subscription.renewed' : 'subscription.renewal_failed',
        subjectType: 'subscription',
        subjectId: sub.id,
        note:
          outcome.status === 'succeeded'
            ? `Renewed subscription ${sub.product_name}`
            : `Renewal of subscription ${sub.product_name} was declined (${outcome.declineCode})`,
        data: {
          subscription_id: sub.id,
          transaction_id: row.id,
          amount: row.amount,
          currency: row.currency,
          status: row.status,
          decline_code: row.decline_code,
          subscription: subscriptionData(sub),
          transaction: transactionData(row),
        },
      });
    },
  );
  return settled.result;
}
