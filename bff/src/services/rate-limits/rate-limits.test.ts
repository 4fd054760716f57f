import type { DbHandle } from '@portico/db';
import { freshDatabase } from '@portico/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hit, peekMany } from './rate-limits.js';

const MIN = 60_000;

describe('peekMany', () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await freshDatabase();
  });
  afterAll(() => handle.close());

  it('reads several windows in one go: current only, or current plus previous with recent', async () => {
    const db = handle.db;
    const short = { key: 'peek:short', windowMs: 15 * MIN };
    const long = { key: 'peek:long', windowMs: 60 * MIN };
    const other = { key: 'peek:other', windowMs: 15 * MIN };
    // One second into a fresh hour, so the previous 15-minute window is the last hour's.
    const now = new Date(Math.floor(Date.now() / (60 * MIN)) * 60 * MIN + 1000);
    const earlier = new Date(now.getTime() - 15 * MIN);
    const older = new Date(now.getTime() - 30 * MIN);

    for (let i = 0; i < 2; i++) await hit(db, short, now);
    for (let i = 0; i < 3; i++) await hit(db, short, earlier);
    await hit(db, short, older);
    await hit(db, long, now);
    await hit(db, long, earlier);

    const [shortRecent, shortNow, longNow, longRecent, none] = await peekMany(
      db,
      [
        { w: short, recent: true },
        { w: short },
        { w: long },
        { w: long, recent: true },
        { w: other, recent: true },
      ],
      now,
    );
    expect(shortRecent, 'this window and the one before, not older').toBe(5);
    expect(shortNow, 'this window only').toBe(2);
    expect(longNow, 'the hour window has both hits').toBe(1);
    expect(longRecent, 'and the previous hour holds the earlier hit').toBe(2);
    expect(none, 'a key never hit').toBe(0);
  });

  it('answers an empty list of windows without asking', async () => {
    expect(await peekMany(handle.db, [], new Date())).toEqual([]);
  });
});
