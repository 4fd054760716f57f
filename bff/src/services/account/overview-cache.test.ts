import type { Db } from '@portico/db';
import { describe, expect, it } from 'vitest';
import {
  heldOverview,
  holdOverview,
  OVERVIEW_CACHE_CHARS,
  OVERVIEW_CACHE_SIZE,
} from './overview-cache.js';

/** A database handle stands for an instance's cache; the cache never queries it. */
const fakeDb = () => ({}) as Db;

describe('held overview bodies', () => {
  it('answers only at the version the body was written at', () => {
    const db = fakeDb();
    holdOverview(db, 's1', '7', '{"a":1}');
    expect(heldOverview(db, 's1', '7')).toBe('{"a":1}');
    expect(heldOverview(db, 's1', '8'), 'a newer version').toBeUndefined();
    expect(heldOverview(db, 's2', '7'), 'another session').toBeUndefined();
    holdOverview(db, 's1', '8', '{"a":2}');
    expect(heldOverview(db, 's1', '7'), 'replaced').toBeUndefined();
    expect(heldOverview(db, 's1', '8')).toBe('{"a":2}');
  });

  it('drops the oldest past the entry cap', () => {
    const db = fakeDb();
    for (let i = 0; i <= OVERVIEW_CACHE_SIZE; i++) holdOverview(db, `s${i}`, '1', '{}');
    expect(heldOverview(db, 's0', '1'), 'the oldest').toBeUndefined();
    expect(heldOverview(db, 's1', '1')).toBe('{}');
    expect(heldOverview(db, `s${OVERVIEW_CACHE_SIZE}`, '1')).toBe('{}');
  });

  it('drops the oldest past the size cap, and never holds a body larger than it', () => {
    const db = fakeDb();
    const half = 'x'.repeat(OVERVIEW_CACHE_CHARS / 2);
    holdOverview(db, 'a', '1', half);
    holdOverview(db, 'b', '1', half);
    expect(heldOverview(db, 'a', '1'), 'both fit').toBe(half);
    holdOverview(db, 'c', '1', '{}');
    expect(heldOverview(db, 'a', '1'), 'the oldest made room').toBeUndefined();
    expect(heldOverview(db, 'b', '1')).toBe(half);
    holdOverview(db, 'huge', '1', `${half}${half}x`);
    expect(heldOverview(db, 'huge', '1'), 'too large to hold').toBeUndefined();
    expect(heldOverview(db, 'c', '1'), 'and nothing dropped for it').toBe('{}');
  });
});
