import { HASH_CONCURRENCY } from '../passwords/hasher.js';
import { Semaphore } from '../passwords/semaphore.js';

/**
 * Credential checks admitted at once: one per hashing thread, plus one whose query runs
 * while the others hash, so the hashing threads never wait for the database. Without the
 * lane a storm starts every login's credential query at once and then waits for the hash
 * anyway; those bursts (a pool's worth of results handled per loop turn) held the event
 * loop for tens of milliseconds. In the lane each login does that work just before its
 * hash, spread over the storm at the pace the hashing allows.
 */
export const LOGIN_LANE_SIZE = HASH_CONCURRENCY + 1;

/**
 * Logins that may wait for the lane; past this the login is refused with a 503 (busy).
 * Bounds the memory a storm holds (each waiter keeps its request) and the wait itself: at
 * 15-50 ms a hash (a free core, a busy one), 256 waiters per hashing thread wait 4-13 s.
 */
export const LOGIN_QUEUE_MAX = 256 * HASH_CONCURRENCY;

/** Seconds a refused login is told to wait: about what the full queue takes to drain. */
export const LOGIN_BUSY_RETRY_AFTER_S = 10;

/** The process's lane: the hashing threads it guards are the process's too. */
export const loginLane = new Semaphore(LOGIN_LANE_SIZE, LOGIN_QUEUE_MAX);
