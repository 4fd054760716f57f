/**
 * The server half of a payment processor. The client half is the processor's own card
 * fields (an iframe from its origin) that turn a card into a token; the BFF only ever sees
 * that token. A Stripe or Braintree adapter implements this interface in one file.
 */

/** What the vault knows about a token: display facts, never the number or CVC. */
export interface VaultedCard {
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  /** Stable per card number (an HMAC at the processor), to spot the same card twice. */
  fingerprint: string;
}

export interface ChargeRequest {
  token: string;
  /** Integer minor units. */
  amount: number;
  currency: string;
  /** The gateway honours it: the same key returns the first result and never charges twice. */
  idempotencyKey: string;
  description: string;
}

export type ChargeOutcome =
  | { status: 'succeeded'; chargeId: string }
  | { status: 'failed'; declineCode: string; message: string };

export interface RefundRequest {
  chargeId: string;
  amount: number;
  idempotencyKey: string;
}

export type RefundOutcome =
  | { status: 'succeeded'; refundId: string }
  | { status: 'failed'; message: string };

export interface PaymentGateway {
  /** Name stored on card and transaction rows ('sandbox', 'stripe', ...). */
  readonly name: string;
  /** The vault: facts about a token, or null when the gateway does not know it. */
  retrieveToken(token: string): Promise<VaultedCard | null>;
  charge(request: ChargeRequest): Promise<ChargeOutcome>;
  refund(request: RefundRequest): Promise<RefundOutcome>;
}

/**
 * The gateway did not answer in time. The charge may or may not have happened: callers keep
 * their record pending and retry later with the same idempotency key.
 */
export class GatewayTimeoutError extends Error {
  constructor(message = 'the payment gateway did not answer in time') {
    super(message);
    this.name = 'GatewayTimeoutError';
  }
}
