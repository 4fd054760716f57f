import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { type Algorithm, hash, verify } from '@node-rs/argon2';
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
 * At most this many hashes at once (each holds 19 MiB and a libuv thread), so a login
 * storm queues instead of exhausting memory or starving the thread pool. One core is left to
 * the event loop: with as many hashing threads as cores, the OS preempts the loop and every
 * other request waits (the login-storm benchmark measured a 190 ms event-loop p99 on two
 * cores with four hashes at once).
 */
export const HASH_CONCURRENCY = Math.max(1, Math.min(4, availableParallelism() - 1));
const gate = new Semaphore(HASH_CONCURRENCY);

export function hashPassword(password: string): Promise<string> {
  return gate.run(() => hash(password, ARGON2_OPTIONS));
}

let verifications = 0;
/** How many argon2 verifications ran (tests prove every login path spends one). */
export const verificationsRun = (): number => verifications;

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  verifications++;
  return gate.run(async () => {
    try {
      return await verify(stored, password);
    } catch {
      return false;
    }
  });
}

let dummy: Promise<string> | undefined;
/**
 * For an unknown or ineligible email: spend the same argon2 work as a real check, so the
 * answer's timing does not tell whether the account exists.
 */
export async function verifyDummy(password: string): Promise<false> {
  dummy ??= hash(randomBytes(16).toString('hex'), ARGON2_OPTIONS);
  await verifyPassword(await dummy, password);
  return false;
}

/** For tests: how many hashes run right now. */
export const hashesInFlight = (): number => gate.inUse;
