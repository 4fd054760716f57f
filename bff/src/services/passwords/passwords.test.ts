import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  HASH_CONCURRENCY,
  HASH_THREAD_NICE,
  hashesInFlight,
  hashingPoolErrorListeners,
  hashPassword,
  verifyDummy,
  verifyPassword,
} from './hasher.js';
import { passwordProblem } from './policy.js';
import { QueueFull, Semaphore } from './semaphore.js';

describe('password policy', () => {
  it('checks length only, untrimmed, and the shipped common list', () => {
    expect(passwordProblem('1234567')).toBe('too_short');
    expect(passwordProblem('x'.repeat(129))).toBe('too_long');
    expect(passwordProblem('x'.repeat(128))).toBeUndefined();
    expect(passwordProblem('password')).toBe('too_common');
    expect(passwordProblem('Password1')).toBe('too_common');
    expect(passwordProblem('iloveyou')).toBe('too_common');
    expect(passwordProblem('   ab   ')).toBeUndefined();
    expect(passwordProblem('lowercaseonlyisfine')).toBeUndefined();
  });
});

describe('argon2id hashing', () => {
  it('uses argon2id m=19456 t=2 p=1 and verifies', async () => {
    const h = await hashPassword('a perfectly fine passphrase');
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(h, 'a perfectly fine passphrase')).toBe(true);
    expect(await verifyPassword(h, 'a perfectly fine passphrase ')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });

  it(`never runs more than ${HASH_CONCURRENCY} hashes at once, and reports the hash time`, async () => {
    let peak = 0;
    const probe = setInterval(() => {
      peak = Math.max(peak, hashesInFlight());
    }, 1);
    const started = performance.now();
    await Promise.all(Array.from({ length: 16 }, (_, i) => hashPassword(`storm passphrase ${i}`)));
    const storm = performance.now() - started;
    clearInterval(probe);
    expect(peak, 'hashes seen running at once').toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(HASH_CONCURRENCY);

    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await hashPassword(`timed passphrase ${i}`);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(
      `[measure] argon2id m=19456 t=2 p=1 hash: median ${times[2]?.toFixed(1)} ms; ` +
        `16 concurrent hashes (cap ${HASH_CONCURRENCY}): ${storm.toFixed(0)} ms total`,
    );
  });

  /** The nice value of each of this process's threads, in `/proc/self/task` order (Linux). */
  function nicesOfThreads(): number[] {
    return readdirSync('/proc/self/task').map((tid) => {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // Fields after the command name, which sits in parentheses and may hold spaces:
      // state is field 3, nice field 19.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(fields[16]);
    });
  }

  it.runIf(process.platform === 'linux')(
    'hashes on threads at the lowest priority, leaving the event loop at its own',
    async () => {
      await hashPassword('warm the pool up');
      const nices = nicesOfThreads();
      expect(HASH_THREAD_NICE, 'the niced value').toBe(19);
      // A thread the hashing thread starts inherits its priority, so there may be more.
      expect(
        nices.filter((n) => n === HASH_THREAD_NICE).length,
        'hashing threads at the lowest priority',
      ).toBeGreaterThanOrEqual(HASH_CONCURRENCY);
      const mainNice = nices[readdirSync('/proc/self/task').indexOf(String(process.pid))];
      expect(mainNice, 'the main thread keeps its priority').toBe(0);
    },
  );

  it("hears the hashing pool's errors once, however many hashes run", async () => {
    await Promise.all(Array.from({ length: 12 }, (_, i) => hashPassword(`password ${i}`)));
    expect(hashingPoolErrorListeners()).toBe(1);
  });

  it('spends a real verification on the dummy hash', async () => {
    const t0 = performance.now();
    expect(await verifyDummy('whatever')).toBe(false);
    expect(performance.now() - t0).toBeGreaterThan(1);
  });
});

describe('Semaphore', () => {
  it('queues callers beyond the cap in order', async () => {
    const gate = new Semaphore(2);
    const order: number[] = [];
    let active = 0;
    let peak = 0;
    await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        gate.run(async () => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((r) => setTimeout(r, 5));
          order.push(n);
          active--;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(gate.inUse).toBe(0);
  });

  it('refuses a caller past maxWaiting at once, and keeps serving the queue in order', async () => {
    const gate = new Semaphore(1, 2);
    let release = () => {};
    const held = gate.run(() => new Promise<void>((r) => (release = r)));
    const order: number[] = [];
    const queued = [1, 2].map((n) =>
      gate.run(async () => {
        order.push(n);
      }),
    );
    expect(gate.queued, 'waiters').toBe(2);

    await expect(
      gate.run(async () => 3),
      'third waiter',
    ).rejects.toBeInstanceOf(QueueFull);
    expect(gate.queued, 'a refused caller takes no place in the queue').toBe(2);

    release();
    await Promise.all([held, ...queued]);
    expect(order).toEqual([1, 2]);
    expect(gate.inUse).toBe(0);
    expect(await gate.run(async () => 4), 'room again once drained').toBe(4);
  });
});
