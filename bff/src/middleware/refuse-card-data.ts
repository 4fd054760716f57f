import { findCardNumbers } from '@portico/shared';
import { createMiddleware } from 'hono/factory';
import { ApiError } from '../http/api-error.js';
import type { AppEnv } from '../http/context.js';

const CARD_FIELDS = /^(card_?number|number|pan|cc_?number|cvc|cvv|cvc2|cvv2|security_code|card)$/i;

/**
 * Card entry happens in the gateway's own fields. A body carrying a card number or CVC is
 * refused with its own code, before schema validation, and its content is never logged.
 */
export const refuseCardData = createMiddleware<AppEnv>(async (c, next) => {
  if (['POST', 'PUT', 'PATCH'].includes(c.req.method)) {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      body = undefined; // the validator answers malformed JSON
    }
    if (body !== undefined && carriesCardData(body)) {
      throw new ApiError(
        'card_data_not_accepted',
        'card numbers and security codes go to the payment form, never to this API',
      );
    }
  }
  await next();
});

export function carriesCardData(value: unknown, depth = 0): boolean {
  if (depth > 8) return false;
  if (typeof value === 'string') return findCardNumbers(value).length > 0;
  if (typeof value === 'number') return findCardNumbers(String(value)).length > 0;
  if (Array.isArray(value)) return value.some((v) => carriesCardData(v, depth + 1));
  if (value && typeof value === 'object') {
    return Object.entries(value).some(
      ([k, v]) => CARD_FIELDS.test(k) || carriesCardData(v, depth + 1),
    );
  }
  return false;
}
