import { randomBytes } from 'node:crypto';
import type { Db } from '@portico/db';
import {
  type ChargeOutcome,
  type ChargeRequest,
  GatewayTimeoutError,
  type PaymentGateway,
  type RefundOutcome,
  type RefundRequest,
  type VaultedCard,
} from '../gateway.js';
import { DECLINE_MESSAGES, type SandboxBehaviour } from './test-cards.js';

/** Fault injection for tests: the network edge misbehaving the way real processors do. */
export interface SandboxFaults {
  /** Wait this long before answering a charge. */
  delayMs: number;
  /** Record the charge, then throw GatewayTimeoutError as if the answer was lost. */
  timeoutAfterSuccess: boolean;
  /** Record the charge, then wait this long before answering. */
  delayAfterChargeMs?: number;
}

export interface SandboxGateway extends PaymentGateway {
  readonly faults: SandboxFaults;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('base64url')}`;

/** The sandbox processor's server half, on the shared Postgres so instances agree. */
export function createSandboxGateway(db: Db): SandboxGateway {
  const faults: SandboxFaults = { delayMs: 0, timeoutAfterSuccess: false };

  async function retrieveToken(token: string): Promise<VaultedCard | null> {
    const row = await db
      .selectFrom('sandbox_gateway_tokens')
      .select(['brand', 'last4', 'exp_month', 'exp_year', 'fingerprint'])
      .where('token', '=', token)
      .executeTakeFirst();
    return row ?? null;
  }

  async function charge(req: ChargeRequest): Promise<ChargeOutcome> {
    if (faults.delayMs > 0) await new Promise((r) => setTimeout(r, faults.delayMs));
    const card = await db
      .selectFrom('sandbox_gateway_tokens')
      .select(['behaviour'])
      .where('token', '=', req.token)
      .executeTakeFirst();
    const behaviour = (card?.behaviour ?? 'generic_decline') as SandboxBehaviour;
    const failed = behaviour !== 'succeed' || !card;
    // The unique key makes the first writer win; every other caller reads its result back.
    await db
      .insertInto('sandbox_gateway_charges')
      .values({
        id: id('ch'),
        idempotency_key: req.idempotencyKey,
        token: card ? req.token : await unknownTokenPlaceholder(db),
        amount: req.amount,
        currency: req.currency,
        description: req.description,
        status: failed ? 'failed' : 'succeeded',
        decline_code: failed ? (card ? behaviour : 'invalid_token') : null,
        decline_message: failed
          ? card
            ? DECLINE_MESSAGES[behaviour as Exclude<SandboxBehaviour, 'succeed'>]
            : 'The card is not known to the gateway.'
          : null,
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .execute();
    const row = await db
      .selectFrom('sandbox_gateway_charges')
      .selectAll()
      .where('idempotency_key', '=', req.idempotencyKey)
      .executeTakeFirstOrThrow();
    if (faults.delayAfterChargeMs) {
      await new Promise((r) => setTimeout(r, faults.delayAfterChargeMs));
    }
    if (faults.timeoutAfterSuccess) throw new GatewayTimeoutError();
    return row.status === 'succeeded'
      ? { status: 'succeeded', chargeId: row.id }
      : {
          status: 'failed',
          declineCode: row.decline_code ?? 'generic_decline',
          message: row.decline_message ?? 'Your card was declined.',
        };
  }

  async function refund(req: RefundRequest): Promise<RefundOutcome> {
    return db.transaction().execute(async (tx) => {
      const existing = await tx
        .selectFrom('sandbox_gateway_refunds')
        .select('id')
        .where('idempotency_key', '=', req.idempotencyKey)
        .executeTakeFirst();
      if (existing) return { status: 'succeeded', refundId: existing.id };
      const ch = await tx
        .selectFrom('sandbox_gateway_charges')
        .select(['amount', 'refunded_amount', 'status'])
        .where('id', '=', req.chargeId)
        .forUpdate()
        .executeTakeFirst();
      if (ch?.status !== 'succeeded') return { status: 'failed', message: 'no such charge' };
      if (req.amount <= 0 || ch.refunded_amount + req.amount > ch.amount) {
        return { status: 'failed', message: 'the refund exceeds the charge' };
      }
      const refundId = id('re');
      await tx
        .insertInto('sandbox_gateway_refunds')
        .values({
          id: refundId,
          idempotency_key: req.idempotencyKey,
          charge_id: req.chargeId,
          amount: req.amount,
        })
        .execute();
      await tx
        .updateTable('sandbox_gateway_charges')
        .set({ refunded_amount: ch.refunded_amount + req.amount })
        .where('id', '=', req.chargeId)
        .execute();
      return { status: 'succeeded', refundId };
    });
  }

  return { name: 'sandbox', faults, retrieveToken, charge, refund };
}

/** Charges against unknown tokens still need a row (the key must stay taken); they point here. */
async function unknownTokenPlaceholder(db: Db): Promise<string> {
  await db
    .insertInto('sandbox_gateway_tokens')
    .values({
      token: 'tok_unknown',
      brand: 'unknown',
      last4: '0000',
      exp_month: 1,
      exp_year: 2000,
      fingerprint: 'fp_unknown',
      behaviour: 'generic_decline',
      origin: null,
    })
    .onConflict((oc) => oc.column('token').doNothing())
    .execute();
  return 'tok_unknown';
}
