import type { Db, Tx } from '@portico/db';
import type { ChargeResult } from '@portico/shared';
import { ApiError } from '../../http/api-error.js';
import { chargeableCard } from '../cards/cards.js';
import { findOwned, lockOwned, type Owner } from '../ownership/owned.js';
import { openAttempt, pendingAttempt, settleAttempt } from '../payments/charge-attempt.js';
import type { PaymentGateway } from '../payments/gateway.js';
import {
  type ActionContext,
  recordShopperEvent,
  transactionData,
} from '../shopper-events/shopper-events.js';
import { addInterval } from '../subscriptions/intervals.js';
import { CLEARED_CANCELLATION, lockSubscription } from '../subscriptions/subscriptions.js';
import { convertTrial, lockTrial } from '../trials/trials.js';

export const findOwnedSalvage = (db: Db | Tx, owner: Owner, id: string) =>
  findOwned(db, 'salvage_transactions', owner, id);

const lockSalvage = (tx: Tx, owner: Owner, id: string) =>
  lockOwned(tx, 'salvage_transactions', owner, id);

/**
 * Pays a failed renewal or failed trial expiration with the chosen or default card, once:
 * the salvage row is locked while the attempt is opened, the attempt row while the gateway
 * is called, and a unique index allows one succeeded charge per salvage transaction.
 */
export async function paySalvage(
  db: Db,
  gateway: PaymentGateway,
  ctx: ActionContext,
  id: string,
  cardId: string | undefined,
): Promise<ChargeResult> {
  const { attempt, productName } = await db.transaction().execute(async (tx) => {
    const salvage = await lockSalvage(tx, ctx.shopper, id);
    if (salvage.status === 'paid') {
      throw new ApiError('already_paid', 'this payment was already made', { status: 'paid' });
    }
    if (salvage.status === 'voided') {
      throw new ApiError('invalid_state', 'this payment was voided', { status: 'voided' });
    }
    const subject = {
      kind: 'salvage' as const,
      keyPrefix: `salvage:${salvage.id}`,
      accountId: ctx.shopper.accountId,
      customerId: ctx.shopper.customerId,
      portalId: ctx.shopper.portalId,
      subscriptionId: salvage.subscription_id,
      trialId: salvage.trial_id,
      salvageTransactionId: salvage.id,
      amount: salvage.amount,
      currency: salvage.currency,
    };
    // A pending attempt (an earlier timeout) is retried as is, with its card and key.
    const pending = await pendingAttempt(tx, subject);
    if (pending) return { attempt: pending, productName: salvage.product_name };
    const card = await chargeableCard(tx, ctx.shopper, [cardId]);
    const attempt = await openAttempt(tx, gateway, subject, card);
    await tx
      .updateTable('salvage_transactions')
      .set({ status: 'processing', updated_at: ctx.now })
      .where('id', '=', salvage.id)
      .execute();
    return { attempt, productName: salvage.product_name };
  });

  const settled = await settleAttempt(
    db,
    gateway,
    attempt.id,
    `Payment of ${productName}`,
    async (tx, outcome, row) => {
      const salvage = await lockSalvage(tx, ctx.shopper, id);
      if (outcome.status !== 'succeeded') {
        await tx
          .updateTable('salvage_transactions')
          .set({ status: 'pending', updated_at: ctx.now })
          .where('id', '=', salvage.id)
          .execute();
        await recordShopperEvent(tx, ctx, {
          type: 'salvage_transaction.payment_failed',
          subjectType: 'salvage_transaction',
          subjectId: salvage.id,
          note: `Payment of failed ${label(salvage.source)} ${salvage.product_name} was declined (${outcome.declineCode})`,
          data: {
            salvage_transaction_id: salvage.id,
            source: salvage.source,
            product_name: salvage.product_name,
            subscription_id: salvage.subscription_id,
            trial_id: salvage.trial_id,
            transaction_id: row.id,
            decline_code: row.decline_code,
            transaction: transactionData(row),
          },
        });
        return;
      }
      await tx
        .updateTable('salvage_transactions')
        .set({ status: 'paid', paid_at: ctx.now, paid_transaction_id: row.id, updated_at: ctx.now })
        .where('id', '=', salvage.id)
        .execute();
      let subscriptionId = salvage.subscription_id;
      if (salvage.source === 'renewal' && salvage.subscription_id) {
        const sub = await lockSubscription(tx, ctx.shopper, salvage.subscription_id);
        await tx
          .updateTable('subscriptions')
          .set({
            status: 'active',
            next_renewal_at: addInterval(
              sub.next_renewal_at ?? ctx.now,
              sub.interval,
              sub.interval_count,
            ),
            ...CLEARED_CANCELLATION,
            updated_at: ctx.now,
          })
          .where('id', '=', sub.id)
          .execute();
      } else if (salvage.source === 'trial_expiration' && salvage.trial_id) {
        const trial = await lockTrial(tx, ctx.shopper, salvage.trial_id);
        subscriptionId = await convertTrial(tx, ctx, trial, row.card_id);
      }
      await recordShopperEvent(tx, ctx, {
        type: 'salvage_transaction.paid',
        subjectType: 'salvage_transaction',
        subjectId: salvage.id,
        note: `Paid failed ${label(salvage.source)} ${salvage.product_name}`,
        data: {
          salvage_transaction_id: salvage.id,
          source: salvage.source,
          product_name: salvage.product_name,
          trial_id: salvage.trial_id,
          transaction_id: row.id,
          subscription_id: subscriptionId,
          amount: row.amount,
          currency: row.currency,
          transaction: transactionData(row),
        },
      });
    },
  );
  if (settled.alreadySettled && settled.result.status === 'succeeded') {
    throw new ApiError('already_paid', 'this payment was already made', { status: 'paid' });
  }
  return settled.result;
}

const label = (source: 'renewal' | 'trial_expiration') =>
  source === 'renewal' ? 'renewal' : 'trial expiration';
