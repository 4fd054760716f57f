import type { Generated } from 'kysely';
import type { CreatedAt } from './common.js';

/** A sandbox gateway token: display facts and a fingerprint, never the card number. */
export interface SandboxGatewayTokensTable {
  token: string;
  brand: string;
  last4: string;
  exp_month: number;
  exp_year: number;
  fingerprint: string;
  /** The test behaviour the number selected: succeed, or one decline. */
  behaviour: string;
  origin: string | null;
  created_at: CreatedAt;
}

/** One row per idempotency key: a replay reads the row instead of charging again. */
export interface SandboxGatewayChargesTable {
  id: string;
  idempotency_key: string;
  token: string;
  amount: number;
  currency: string;
  description: string | null;
  status: 'succeeded' | 'failed';
  decline_code: string | null;
  decline_message: string | null;
  refunded_amount: Generated<number>;
  created_at: CreatedAt;
}

export interface SandboxGatewayRefundsTable {
  id: string;
  idempotency_key: string;
  charge_id: string;
  amount: number;
  created_at: CreatedAt;
}
