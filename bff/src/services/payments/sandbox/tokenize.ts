import { createHmac, randomBytes } from 'node:crypto';
import type { Db } from '@portico/db';
import { cardBrand, luhnValid, normalizeCardNumber } from '@portico/shared';
import { behaviourOf } from './test-cards.js';

export interface CardInput {
  number: string;
  exp_month: number;
  exp_year: number;
  cvc: string;
}

export type TokenizeResult =
  | { ok: true; token: string; brand: string; last4: string }
  | { ok: false; field: 'number' | 'expiry' | 'cvc'; message: string };

/** Checks what a processor's card fields check, then vaults display facts only. */
export async function tokenizeCard(
  db: Db,
  input: CardInput,
  opts: { secret: string; now: Date; origin: string | null },
): Promise<TokenizeResult> {
  const number = normalizeCardNumber(input.number);
  const brand = cardBrand(number);
  if (!/^\d{13,19}$/.test(number) || !luhnValid(number) || brand === 'unknown') {
    return { ok: false, field: 'number', message: 'Your card number is invalid.' };
  }
  const year = input.exp_year < 100 ? 2000 + input.exp_year : input.exp_year;
  const nowMonth = opts.now.getUTCFullYear() * 12 + opts.now.getUTCMonth();
  const expMonth = year * 12 + (input.exp_month - 1);
  if (input.exp_month < 1 || input.exp_month > 12 || expMonth < nowMonth || year > 2100) {
    return { ok: false, field: 'expiry', message: "Your card's expiration date is invalid." };
  }
  const cvcLength = brand === 'amex' ? 4 : 3;
  if (!new RegExp(`^\\d{${cvcLength}}$`).test(input.cvc)) {
    return { ok: false, field: 'cvc', message: "Your card's security code is invalid." };
  }
  const token = `tok_${randomBytes(18).toString('base64url')}`;
  const last4 = number.slice(-4);
  await db
    .insertInto('sandbox_gateway_tokens')
    .values({
      token,
      brand,
      last4,
      exp_month: input.exp_month,
      exp_year: year,
      fingerprint: fingerprintOf(number, opts.secret),
      behaviour: behaviourOf(number),
      origin: opts.origin,
    })
    .execute();
  // The CVC is checked and dropped: processors never keep it after authorization.
  return { ok: true, token, brand, last4 };
}

/** Same card, same fingerprint; base64url so it never reads as a digit run. */
export function fingerprintOf(number: string, secret: string): string {
  return `fp_${createHmac('sha256', `${secret}:sandbox-fingerprint`).update(number).digest('base64url').slice(0, 27)}`;
}
