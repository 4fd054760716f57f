import { describe, expect, it } from 'vitest';
import { commonTrigramsOnly, digitGrams, leadingTrigrams } from './customers.js';

describe('leadingTrigrams', () => {
  // Shares of customers as ANALYZE would report them for the bench's generated customers.
  const frequencies = new Map([
    ['ust', 1],
    ['sto', 1],
    ['tom', 1],
    ['ome', 1],
    ['mer', 1],
    ['er9', 0.11],
    ['r98', 0.012],
    ['987', 0.005],
  ]);

  it('leads with the rare pieces, rarest first, and leaves the common ones to the whole query', () => {
    // "876" and "765" are not listed, so rarer than everything listed.
    expect(leadingTrigrams('ustomer98765', frequencies)).toEqual(['876', '765', '987', 'r98']);
  });

  it('keeps the case of the query (Postgres lower-cases it) and looks it up lower-cased', () => {
    expect(leadingTrigrams('USTOMER98765', frequencies)).toEqual(['876', '765', '987', 'R98']);
  });

  it('takes only pieces of ASCII letters and digits, each once', () => {
    expect(leadingTrigrams('ab.cd-ef 1x2 9y8', frequencies)).toEqual(['1x2', '9y8']);
    expect(leadingTrigrams('äbcdéfgh', frequencies)).toEqual(['bcd', 'fgh']);
    expect(leadingTrigrams('zqxzqx', frequencies)).toEqual(['zqx', 'qxz', 'xzq']);
  });

  it('adds nothing when fewer than two pieces are rare (one rare trigram leads the scan anyway)', () => {
    expect(leadingTrigrams('ustomer9', frequencies)).toEqual([]);
    expect(leadingTrigrams('omer98', frequencies)).toEqual([]);
  });

  it('adds nothing without statistics, and at most four pieces', () => {
    expect(leadingTrigrams('ustomer98765', new Map())).toEqual([]);
    expect(leadingTrigrams('abcdefghijkl', frequencies)).toHaveLength(4);
  });
});

describe('commonTrigramsOnly', () => {
  const frequencies = new Map([
    ['000', 0.1],
    ['004', 0.11],
    ['exa', 1],
    ['r98', 0.012],
  ]);

  it('is true when every piece of letters and digits is common', () => {
    expect(commonTrigramsOnly('0004', frequencies)).toBe(true);
    expect(commonTrigramsOnly('EXA', frequencies)).toBe(true);
    expect(commonTrigramsOnly('00.4', frequencies), 'no piece at all').toBe(true);
  });

  it('is false when one piece is rare or unknown, or without statistics', () => {
    expect(commonTrigramsOnly('r98', frequencies)).toBe(false);
    expect(commonTrigramsOnly('0004x', frequencies), '"04x" is not listed').toBe(false);
    expect(commonTrigramsOnly('0004', new Map())).toBe(false);
  });
});

describe('digitGrams', () => {
  it('takes every four-digit piece of each run of four or more digits, each once, sorted', () => {
    expect(digitGrams('5555')).toEqual(['5555']);
    expect(digitGrams('555555')).toEqual(['5555']);
    expect(digitGrams('int-123456')).toEqual(['1234', '2345', '3456']);
    expect(digitGrams('9876 x 0004')).toEqual(['0004', '9876']);
  });

  it('takes nothing across anything but digits, nor from shorter runs', () => {
    expect(digitGrams('555-5555')).toEqual(['5555']);
    expect(digitGrams('(555) 010-7788')).toEqual(['7788']);
    expect(digitGrams('555 010')).toEqual([]);
    expect(digitGrams('customer')).toEqual([]);
    expect(digitGrams('١٢٣٤٥'), 'only ASCII digits, as the index takes them').toEqual([]);
  });
});
