import { describe, expect, it } from 'vitest';
import { inFlightBatches } from './in-flight-batches.js';

/** A batch function whose batches finish when the test says, recording what each held. */
function controlledBatches() {
  const batches: string[][] = [];
  const finishers: Array<(fail?: Error) => void> = [];
  let running = 0;
  let mostRunning = 0;
  const load = (keys: readonly string[]) => {
    batches.push([...keys]);
    running++;
    mostRunning = Math.max(mostRunning, running);
    return new Promise<string[]>((resolve, reject) => {
      finishers.push((fail) => {
        running--;
        if (fail) reject(fail);
        else resolve(keys.map((k) => `value of ${k}`));
      });
    });
  };
  return { load, batches, finishers, mostRunning: () => mostRunning };
}

const tick = () => new Promise((r) => setImmediate(r));
const OPTIONS = {
  inFlight: 2,
  maxBatchSize: 10,
  timeoutMs: 10_000,
  timedOut: () => new Error('timed out'),
};

describe('inFlightBatches', () => {
  it('answers a lone load in a batch of its own', async () => {
    const c = controlledBatches();
    const loader = inFlightBatches(c.load, OPTIONS);
    const value = loader.load('a');
    await tick();
    c.finishers[0]?.();
    await expect(value).resolves.toBe('value of a');
    expect(c.batches).toEqual([['a']]);
  });

  it('runs no more than inFlight batches; a load made after a batch started waits for a later one', async () => {
    const c = controlledBatches();
    const loader = inFlightBatches(c.load, OPTIONS);
    const first = loader.load('a');
    await tick();
    const second = loader.load('b');
    await tick();
    // Both slots busy: these wait, together.
    const waiting = ['c', 'd', 'e'].map((k) => loader.load(k));
    await tick();
    await tick();
    expect(c.batches).toEqual([['a'], ['b']]);
    c.finishers[0]?.();
    await first;
    await tick();
    expect(c.batches).toEqual([['a'], ['b'], ['c', 'd', 'e']]);
    c.finishers[1]?.();
    c.finishers[2]?.();
    await expect(second).resolves.toBe('value of b');
    await expect(Promise.all(waiting)).resolves.toEqual(['value of c', 'value of d', 'value of e']);
    expect(c.mostRunning()).toBe(2);
  });

  it('splits a batch at maxBatchSize, and the parts wait for slots of their own', async () => {
    const c = controlledBatches();
    const loader = inFlightBatches(c.load, { ...OPTIONS, inFlight: 1, maxBatchSize: 2 });
    const values = ['a', 'b', 'c', 'd', 'e'].map((k) => loader.load(k));
    await tick();
    expect(c.batches).toEqual([['a', 'b']]);
    for (let i = 0; i < 3; i++) {
      c.finishers[i]?.();
      await tick();
    }
    expect(c.batches).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    await expect(Promise.all(values)).resolves.toHaveLength(5);
    expect(c.mostRunning()).toBe(1);
  });

  it('rejects every load of a failed batch and gives its slot to the next', async () => {
    const c = controlledBatches();
    const loader = inFlightBatches(c.load, { ...OPTIONS, inFlight: 1 });
    const failed = [loader.load('a'), loader.load('b')];
    await tick();
    const next = loader.load('c');
    await tick();
    c.finishers[0]?.(new Error('connection lost'));
    await expect(failed[0]).rejects.toThrow('connection lost');
    await expect(failed[1]).rejects.toThrow('connection lost');
    await tick();
    expect(c.batches).toEqual([['a', 'b'], ['c']]);
    c.finishers[1]?.();
    await expect(next).resolves.toBe('value of c');
  });

  it('gives the slot back when the batch function throws before returning a promise', async () => {
    let calls = 0;
    const loader = inFlightBatches(
      (keys: readonly string[]) => {
        calls++;
        if (calls === 1) throw new Error('bad batch');
        return Promise.resolve(keys.map((k) => k.toUpperCase()));
      },
      { ...OPTIONS, inFlight: 1 },
    );
    await expect(loader.load('a')).rejects.toThrow('bad batch');
    await expect(loader.load('b')).resolves.toBe('B');
  });

  it('fails a batch that never answers after timeoutMs and frees its slot', async () => {
    let calls = 0;
    const loader = inFlightBatches(
      (keys: readonly string[]) => {
        calls++;
        // The first batch hangs for good (a statement that never returns).
        return calls === 1 ? new Promise<string[]>(() => {}) : Promise.resolve([...keys]);
      },
      { ...OPTIONS, inFlight: 1, timeoutMs: 50, timedOut: () => new Error('too slow') },
    );
    const hung = loader.load('a');
    await tick();
    const queued = loader.load('b');
    const started = performance.now();
    await expect(hung).rejects.toThrow('too slow');
    expect(performance.now() - started).toBeLessThan(1_000);
    await expect(queued).resolves.toBe('b');
  });
});
