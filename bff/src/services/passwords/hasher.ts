import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { Algorithm } from '@node-rs/argon2';
import { Piscina } from 'piscina';
import { Semaphore } from './semaphore.js';

/** OWASP's argon2id floor: 19 MiB, two passes, one lane. */
export const ARGON2_OPTIONS = {
  // Algorithm.Argon2id; the const enum cannot be read under verbatimModuleSyntax.
  algorithm: 2 as Algorithm,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

/**
 * At most this many hashes at once (each holds 19 MiB and a hashing thread), so a login
 * storm queues instead of exhausting memory. One core is left to
 * the event loop: with as many hashing threads as cores, the OS preempts the loop and every
 * other request waits (the login-storm benchmark measured a 190 ms event-loop p99 on two
 * cores with four hashes at once).
 */
export const HASH_CONCURRENCY = Math.max(1, Math.min(4, availableParallelism() - 1));
const gate = new Semaphore(HASH_CONCURRENCY);

/**
 * Added to the hashing threads' nice value: from the default 0, the lowest priority. Argon2
 * keeps a core busy for tens of milliseconds a hash; at equal priority the OS shares a core
 * between it and the event loop, and every request waits its turn (the login storm's loop
 * delay was mostly run-queue wait). Niced, a hash runs on the CPU time the event loop leaves.
 */
export const HASH_THREAD_NICE = 19;

/**
 * The hashing threads (`hash-worker.mjs`), one per allowed hash, each niced: in a login storm
 * the event loop preempts them. Started on first use; idle threads stay (a login after a
 * quiet spell pays no start-up).
 */
let pool: Piscina | undefined;
function hashingPool(): Piscina {
  if (pool) return pool;
  pool = new Piscina({
    filename: new URL('./hash-worker.mjs', import.meta.url).href,
    // Piscina nices each worker thread through @napi-rs/nice (Linux and macOS).
    niceIncrement: HASH_THREAD_NICE,
    minThreads: HASH_CONCURRENCY,
    maxThreads: HASH_CONCURRENCY,
    idleTimeout: Number.POSITIVE_INFINITY,
  });
  // A thread that fails between tasks is replaced by Piscina; unheard, its 'error' event
  // would crash the process. A task's own failure rejects that task (a 500 for its request).
  // Heard once, when the pool is made (not on every hash: that piled up a listener a login).
  pool.on('error', (err: unknown) => process.emitWarning(err as Error, 'PasswordHashingThread'));
  return pool;
}

type HashTask =
  | { op: 'hash'; password: string; options: typeof ARGON2_OPTIONS }
  | { op: 'verify'; stored: string; password: string };

function runHash(task: HashTask & { op: 'hash' }): Promise<string>;
function runHash(task: HashTask & { op: 'verify' }): Promise<boolean>;
function runHash(task: HashTask): Promise<string | boolean> {
  return gate.run(() => hashingPool().run(task));
}

export function hashPassword(password: string): Promise<string> {
  return runHash({ op: 'hash', password, options: ARGON2_OPTIONS });
}

let verifications = 0;
/** How many argon2 verifications ran (tests prove every login path spends one). */
export const verificationsRun = (): number => verifications;

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  verifications++;
  return runHash({ op: 'verify', stored, password });
}

let dummy: Promise<string> | undefined;
/**
 * For an unknown or ineligible email: spend the same argon2 work as a real check, so the
 * answer's timing does not tell whether the account exists.
 */
export async function verifyDummy(password: string): Promise<false> {
  // A failed hash is not kept: the next unknown email tries again.
  dummy ??= hashPassword(randomBytes(16).toString('hex')).catch((err: unknown) => {
    dummy = undefined;
    throw err;
  });
  await verifyPassword(await dummy, password);
  return false;
}

/** For tests: how many hashes run right now. */
export const hashesInFlight = (): number => gate.inUse;

/** Listeners on the hashing pool's 'error' event (one once it exists). */
export const hashingPoolErrorListeners = (): number => pool?.listenerCount('error') ?? 0;
