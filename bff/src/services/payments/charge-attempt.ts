import type { Db, Tx } from '@portico/db';
import type { ChargeResult } from '@portico/shared';
import { ApiError } from '../../http/api-error.js';
import type { CardRow } from '../cards/cards.js';
import { type ChargeOutcome, GatewayTimeoutError, type PaymentGateway } from './gateway.js';

/**
 * A charge never happens twice, even when the gateway's answer is lost:
 *
 *   1. `openAttempt` (inside the caller's transaction, with the subject row locked) writes a
 *      pending `transactions` row whose gateway idempotency key is derived from the subject
 *      and attempt number, or reuses a pending one left by a timed-out request.
 *   2. `settleAttempt` claims that row with a short lease (a concurrent caller gets 409 at
 *      once), calls the gateway with the stored key outside any transaction, then records
 *      the outcome with the state change, audit, note and outbox in one transaction. A
 *      timeout leaves the attempt pending; the retry calls the gateway with the same key,
 *      which answers with the first result instead of charging again.
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

/** How long a claim on a pending attempt lasts if its holder dies mid-call. */
export const ATTEMPT_LEASE_MS = 60_000;

/**
 * Charges a pending attempt once. The attempt is claimed with a lease (a concurrent caller
 * gets 409 at once), the gateway is called outside any transaction with the stored key, and
 * `onSettled` writes the state change and events in the same transaction as the outcome.
 */
export async function settleAttempt(
  db: Db,
  gateway: PaymentGateway,
  attemptId: string,
  description: string,
  onSettled: (tx: Tx, outcome: ChargeOutcome, attempt: AttemptRow) => Promise<void>,
): Promise<Settled> {
  const claimed = await claimAttempt(db, attemptId);
  if ('settled' in claimed) return claimed.settled;
  const { attempt, token } = claimed;

  let outcome: ChargeOutcome;
  try {
    outcome = await gateway.charge({
      token,
      amount: attempt.amount,
      currency: attempt.currency,
      idempotencyKey: attempt.gateway_idempotency_key,
      description,
    });
  } catch (err) {
    // Outcome unknown: the attempt stays pending with its key; release the claim so the
    // retry can ask the gateway again (which answers with the first result).
    await db
      .updateTable('transactions')
      .set({ locked_until: null })
      .where('id', '=', attempt.id)
      .execute();
    if (err instanceof GatewayTimeoutError) {
      throw new ApiError(
        'payment_outcome_unknown',
        'the payment processor did not answer; retry and you will not be charged twice',
      );
    }
    throw err;
  }

  return db.transaction().execute(async (tx) => {
    const current = await tx
      .selectFrom('transactions')
      .select(ATTEMPT_COLUMNS)
      .where('id', '=', attempt.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (current.status !== 'pending') {
      return { result: toChargeResult(current), alreadySettled: true };
    }
    const settled = await tx
      .updateTable('transactions')
      .set(
        outcome.status === 'succeeded'
          ? { status: 'succeeded', gateway_charge_id: outcome.chargeId }
          : {
              status: 'failed',
              decline_code: outcome.declineCode,
              decline_message: outcome.message,
            },
      )
      .set({ locked_until: null, updated_at: new Date() })
      .where('id', '=', attempt.id)
      .returning(ATTEMPT_COLUMNS)
      .executeTakeFirstOrThrow();
    await onSettled(tx, outcome, settled);
    return { result: toChargeResult(settled), alreadySettled: false };
  });
}

type Claim = { attempt: AttemptRow; token: string } | { settled: Settled };

/** Takes the lease on a pending attempt, or reports why not. */
async function claimAttempt(db: Db, attemptId: string): Promise<Claim> {
  return db.transaction().execute(async (tx) => {
    const attempt = await tx
      .selectFrom('transactions')
      .select([...ATTEMPT_COLUMNS, 'locked_until'])
      .where('id', '=', attemptId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (attempt.status !== 'pending') {
      return { settled: { result: toChargeResult(attempt), alreadySettled: true } };
    }
    const now = new Date();
    if (attempt.locked_until && attempt.locked_until > now) {
      throw new ApiError('payment_in_progress', 'this payment is already being processed');
    }
    const card = await tx
      .selectFrom('customer_cards')
      .select('gateway_token')
      .where('id', '=', attempt.card_id ?? '00000000-0000-0000-0000-000000000000')
      .executeTakeFirst();
    if (!card) throw new ApiError('no_payment_method', 'the card for this payment was removed');
    await tx
      .updateTable('transactions')
      .set({ locked_until: new Date(now.getTime() + ATTEMPT_LEASE_MS) })
      .where('id', '=', attempt.id)
      .execute();
    return { attempt, token: card.gateway_token };
  });
}
