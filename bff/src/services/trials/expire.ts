import type { Db } from '@portico/db';
import type { ChargeResult } from '@portico/shared';
import { chargeableCard } from '../cards/cards.js';
import { openAttempt, settleAttempt } from '../payments/charge-attempt.js';
import type { PaymentGateway } from '../payments/gateway.js';
import {
  type ActionContext,
  recordShopperEvent,
  transactionData,
} from '../shopper-events/shopper-events.js';
import { invalidState } from '../subscriptions/subscriptions.js';
import { convertTrial, lockTrial } from './trials.js';

/**
 * Charges the expiration amount now. Success converts the trial into a paid subscription;
 * a decline marks the trial failed and opens a salvage transaction to pay later.
 */
export async function expireTrial(
  db: Db,
  gateway: PaymentGateway,
  ctx: ActionContext,
  id: string,
): Promise<ChargeResult> {
  const { attempt, productName } = await db.transaction().execute(async (tx) => {
    const trial = await lockTrial(tx, ctx.shopper, id);
    if (trial.status !== 'active') throw invalidState('expire', trial.status);
    const card = await chargeableCard(tx, ctx.shopper, []);
    const attempt = await openAttempt(
      tx,
      gateway,
      {
        kind: 'trial_expiration',
        keyPrefix: `trial:${trial.id}`,
        accountId: ctx.shopper.accountId,
        customerId: ctx.shopper.customerId,
        portalId: ctx.shopper.portalId,
        trialId: trial.id,
        amount: trial.expiration_amount,
        currency: trial.currency,
      },
      card,
    );
    return { attempt, productName: trial.product_name };
  });

  const settled = await settleAttempt(
    db,
    gateway,
    attempt.id,
    `Trial expiration of ${productName}`,
    async (tx, outcome, row) => {
      const trial = await lockTrial(tx, ctx.shopper, id);
      if (outcome.status === 'succeeded') {
        const subscriptionId = await convertTrial(tx, ctx, trial, row.card_id);
        await recordShopperEvent(tx, ctx, {
          type: 'trial.expired',
          subjectType: 'trial',
          subjectId: trial.id,
          note: `Ended trial ${trial.product_name} early; now a paid subscription`,
          data: {
            trial_id: trial.id,
            product_name: trial.product_name,
            subscription_id: subscriptionId,
            transaction_id: row.id,
            amount: row.amount,
            currency: row.currency,
            transaction: transactionData(row),
          },
        });
        return;
      }
      await tx
        .updateTable('trials')
        .set({ status: 'failed', updated_at: ctx.now })
        .where('id', '=', trial.id)
        .execute();
      const salvage = await tx
        .insertInto('salvage_transactions')
        .values({
          account_id: trial.account_id,
          customer_id: trial.customer_id,
          source: 'trial_expiration',
          trial_id: trial.id,
          product_name: trial.product_name,
          amount: trial.expiration_amount,
          currency: trial.currency,
          status: 'pending',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordShopperEvent(tx, ctx, {
        type: 'trial.expiration_failed',
        subjectType: 'trial',
        subjectId: trial.id,
        note: `Expiration of trial ${trial.product_name} was declined (${outcome.declineCode})`,
        data: {
          trial_id: trial.id,
          product_name: trial.product_name,
          salvage_transaction_id: salvage.id,
          transaction_id: row.id,
          decline_code: row.decline_code,
          transaction: transactionData(row),
        },
      });
    },
  );
  return settled.result;
}
