/** Card helpers that run in browser and server alike. None of them keeps a number. */

export const CARD_BRANDS = ['visa', 'mastercard', 'amex', 'discover', 'unknown'] as const;
export type CardBrand = (typeof CARD_BRANDS)[number];

/** The Luhn (mod 10) check every card number passes. */
export function luhnValid(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

export function cardBrand(digits: string): CardBrand {
  if (/^4/.test(digits)) return 'visa';
  if (/^(5[1-5]|2(2[2-9]|[3-6]\d|7[01]|720))/.test(digits)) return 'mastercard';
  if (/^3[47]/.test(digits)) return 'amex';
  if (/^(6011|65|64[4-9])/.test(digits)) return 'discover';
  return 'unknown';
}

/** Digits only: spaces and dashes a person types between groups are dropped. */
export function normalizeCardNumber(input: string): string {
  return input.replace(/[\s-]/g, '');
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** A token of 32+ hex characters with a letter in it: a SHA-256 or HMAC hex digest. */
const HEX_DIGEST = /\b(?=[0-9a-f]*[a-f])[0-9a-f]{32,}\b/gi;

/**
 * Card numbers hidden in `text`: a 13–19 digit run (single spaces or dashes allowed between
 * digits) that passes Luhn and starts like a known brand. Longer runs are searched window by
 * window, in case a number was glued to other digits.
 */
export function findCardNumbers(text: string): string[] {
  const found = new Set<string>();
  const isCard = (d: string) => luhnValid(d) && cardBrand(d) !== 'unknown';
  // UUIDs and hex digests (idempotency request hashes, key and code hashes) hold digit runs
  // that pass Luhn by chance (a 64-character digest about once in a few hundred); a card
  // number is never written in either shape, so both are blanked before the scan.
  const scanned = text.replace(UUID, ' ').replace(HEX_DIGEST, ' ');
  for (const match of scanned.matchAll(/\d(?:[ -]?\d)*/g)) {
    const digits = normalizeCardNumber(match[0]);
    if (digits.length < 13) continue;
    if (digits.length <= 19) {
      if (isCard(digits)) found.add(digits);
      continue;
    }
    for (let len = 13; len <= 19; len++) {
      for (let start = 0; start + len <= digits.length; start++) {
        const candidate = digits.slice(start, start + len);
        if (isCard(candidate)) found.add(candidate);
      }
    }
  }
  return [...found];
}
