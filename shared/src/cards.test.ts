import { describe, expect, it } from 'vitest';
import { cardBrand, findCardNumbers, luhnValid } from './cards.js';

describe('card helpers', () => {
  it('checks Luhn', () => {
    expect(luhnValid('4242424242424242')).toBe(true);
    expect(luhnValid('4242424242424241')).toBe(false);
    expect(luhnValid('42a2')).toBe(false);
  });

  it('names brands', () => {
    expect(cardBrand('4242424242424242')).toBe('visa');
    expect(cardBrand('5555555555554444')).toBe('mastercard');
    expect(cardBrand('2223003122003222')).toBe('mastercard');
    expect(cardBrand('378282246310005')).toBe('amex');
    expect(cardBrand('6011111111111117')).toBe('discover');
    expect(cardBrand('9999')).toBe('unknown');
  });

  it('finds card numbers in text, spaced or dashed, and ignores other digit runs', () => {
    expect(findCardNumbers('pay 4242 4242 4242 4242 now')).toEqual(['4242424242424242']);
    expect(findCardNumbers('x=378282246310005;')).toEqual(['378282246310005']);
    expect(findCardNumbers('6011-1111-1111-1117')).toEqual(['6011111111111117']);
    expect(findCardNumbers('2026-11-25T12:00:00.000Z amount 2999 id 7c9e6679')).toEqual([]);
  });

  it('does not mistake a UUID whose joined digit groups pass Luhn for a card number', () => {
    // 42424242-4242-4242 joins to 4242424242424242, a valid Visa test number.
    expect(findCardNumbers('request 42424242-4242-4242-a000-000000000000 done')).toEqual([]);
    expect(findCardNumbers('42424242-4242-4242-a000-000000000000 4242 4242 4242 4242')).toEqual([
      '4242424242424242',
    ]);
  });

  it('does not mistake a hex digest whose digit runs pass Luhn for a card number', () => {
    // A SHA-256 hex digest holding 4242424242424242, a valid Visa test number.
    const digest = `ab${'4242424242424242'}${'c'.repeat(46)}`;
    expect(findCardNumbers(`hash ${digest} done`)).toEqual([]);
    expect(findCardNumbers(`${digest} 4242 4242 4242 4242`)).toEqual(['4242424242424242']);
  });
});
