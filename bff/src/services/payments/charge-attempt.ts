import type { Db, Tx } from '@portico/db';
import type { ChargeResult } from '@portico/shared';
import { ApiError } from '../../http/api-error.js';
import type { CardRow } from '../cards/cards.js';
import { type ChargeOutcome, GatewayTimeoutError, type PaymentGateway } from './gateway.js';

/**
 * A charge runs in two transactions so a lost gateway answer can never charge twice:
 *
 *   1. `openAttempt` (inside the caller's transaction, with the subject row locked) writes a
 *      pending `transactions` row whose gateway idempotency key is derived from the subject
 *      and attempt number, or reuses a pending one left by a timed-out request.
 *   2. `settleAttempt` locks that row (NOWAIT: a concurrent caller gets 409 at once), calls
 *      the gateway with the stored key, and records the outcome together with the state
 *      change, audit, note and outbox. A timeout rolls back to "pending"; the retry calls the
 *      gateway with the same key, which answers with the first result.
 */

export type AttemptKind = 'renewal' | 'trial_expiration' | 'salvage';

export interface AttemptSubject {
  kind: AttemptKind;
  /** e.g. `salvage:<id>` or `renewal:<subscription id>:<period>`; the attempt number follows. */
  keyPrefix: string;
  accountId: string;
  customerId: string;
  portalId: string;
  subscriptionId?: string | null;
  trialId?: string | null;
  salvageTransactionId?: string | null;
  amount: number;
  currency: string;
}

export interface AttemptRow {
  id: string;
  card_id: string | null;
  amount: number;
  currency: string;
  status: 'pending' | 'succeeded' | 'failed';
  gateway_idempotency_key: string;
  gateway_charge_id: string | null;
  decline_code: string | null;
  decline_message: string | null;
}

const ATTEMPT_COLUMNS = [
  'id',
  'card_id',
  'amount',
  'currency',
  'status',
  'gateway_idempotency_key',
  'gateway_charge_id',
  'decline_code',
  'decline_message',
] as const;

/** The pending attempt of a subject, if a previous request left one (gateway timeout). */
export function pendingAttempt(tx: Tx, subject: AttemptSubject) {
  return tx
    .selectFrom('transactions')
    .select(ATTEMPT_COLUMNS)
    .where('customer_id', '=', subject.customerId)
    .where('status', '=', 'pending')
    .where('gateway_idempotency_key', 'like', `${subject.keyPrefix}:%`)
    .executeTakeFirst();
}

/** Call with the subject row locked (`for update`) so attempt numbers never collide. */
export async function openAttempt(
  tx: Tx,
  gateway: PaymentGateway,
  subject: AttemptSubject,
  card: CardRow,
): Promise<AttemptRow> {
  const pending = await pendingAttempt(tx, subject);
  if (pending) return pending;
  const { count } = await tx
    .selectFrom('transactions')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('customer_id', '=', subject.customerId)
    .where('gateway_idempotency_key', 'like', `${subject.keyPrefix}:%`)
    .executeTakeFirstOrThrow();
  return tx
    .insertInto('transactions')
    .values({
      account_id: subject.accountId,
      customer_id: subject.customerId,
      portal_id: subject.portalId,
      card_id: card.id,
      kind: subject.kind,
      subscription_id: subject.subscriptionId ?? null,
      trial_id: subject.trialId ?? null,
      salvage_transaction_id: subject.salvageTransactionId ?? null,
      amount: subject.amount,
      currency: subject.currency,
      status: 'pending',
      gateway: gateway.name,
      gateway_idempotency_key: `${subject.keyPrefix}:${Number(count) + 1}`,
    })
    .returning(ATTEMPT_COLUMNS)
    .executeTakeFirstOrThrow();
}

export const toChargeResult = (row: AttemptRow): ChargeResult => ({
  status: row.status === 'succeeded' ? 'succeeded' : 'failed',
  transaction_id: row.id,
  amount: row.amount,
  currency: row.currency,
  decline_code: row.decline_code,
  decline_message: row.decline_message,
});

export interface Settled {
  result: ChargeResult;
  /** True when another request had already settled this attempt. */
  alreadySettled: boolean;
}

/**
 * Charges a pending attempt once. `onSettled` writes the state change and events in the
 * same transaction as the outcome.
 */
export async function settleAttempt(
  db: Db,
  gateway: PaymentGateway,
  attemptId: string,
  description: string,
  onSettled: (tx: Tx, outcome: ChargeOutcome, attempt: AttemptRow) => Promise<void>,
): Promise<Settled> {
  try {
    return await db.transaction().execute(async (tx) => {
      const attempt = await tx
        .selectFrom('transactions')
        .select(ATTEMPT_COLUMNS)
        .where('id', '=', attemptId)
        .forUpdate()
        .noWait()
        .executeTakeFirstOrThrow();
      if (attempt.status !== 'pending') {
        return { result: toChargeResult(attempt), alreadySettled: true };
      }
      const card = await tx
        .selectFrom('customer_cards')
        .select('gateway_token')
        .where('id', '=', attempt.card_id ?? '00000000-0000-0000-0000-000000000000')
        .executeTakeFirst();
      if (!card) throw new ApiError('no_payment_method', 'the card for this payment was removed');
      const outcome = await gateway.charge({
        token: card.gateway_token,
        amount: attempt.amount,
        currency: attempt.currency,
        idempotencyKey: attempt.gateway_idempotency_key,
        description,
      });
      const settled = await tx
        .updateTable('transactions')
        .set(
          outcome.status === 'succeeded'
            ? { status: 'succeeded', gateway_charge_id: outcome.chargeId, updated_at: new Date() }
            : {
                status: 'failed',
                decline_code: outcome.declineCode,
                decline_message: outcome.message,
                updated_at: new Date(),
              },
        )
        .where('id', '=', attempt.id)
        .returning(ATTEMPT_COLUMNS)
        .executeTakeFirstOrThrow();
      await onSettled(tx, outcome, settled);
      return { result: toChargeResult(settled), alreadySettled: false };
    });
  } catch (err) {
    if ((err as { code?: string }).code === '55P03') {
      throw new ApiError('payment_in_progress', 'this payment is already being processed');
    }
    if (err instanceof GatewayTimeoutError) {
      throw new ApiError(
        'payment_outcome_unknown',
        'the payment processor did not answer; retry and you will not be charged twice',
      );
    }
    throw err;
  }
}
