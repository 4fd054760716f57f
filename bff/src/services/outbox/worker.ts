import type { Db } from '@portico/db';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { OutboxEmail } from '../mail/message.js';
import type { MailTransports } from '../mail/transports.js';
import { backoffMs, pollLoop } from './poll-loop.js';

export interface OutboxWorkerOptions {
  db: Db;
  transports: MailTransports;
  logger: Logger;
  clock?: () => Date;
  /** Rows claimed per round. */
  batchSize?: number;
  /** Attempts before a row is marked dead. */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How long a claim holds before another worker may take the row (a crashed sender). */
  leaseMs?: number;
  pollMs?: number;
}

export interface OutboxWorker {
  start(): void;
  stop(): Promise<void>;
  /** One round: claims due rows, sends them, records the outcome. Returns rows handled. */
  drainOnce(): Promise<number>;
}

export { backoffMs };

/**
 * Drains email rows of the outbox. Rows are claimed with `for update skip locked` and a
 * lease, so several workers (one per BFF instance) never send the same row at once; a
 * failure schedules a retry with exponential backoff, and after maxAttempts the row is dead.
 */
export function createOutboxWorker(options: OutboxWorkerOptions): OutboxWorker {
  const {
    db,
    transports,
    logger,
    clock = () => new Date(),
    batchSize = 10,
    maxAttempts = 8,
    baseDelayMs = 5_000,
    maxDelayMs = 30 * 60_000,
    leaseMs = 60_000,
    pollMs = 1_000,
  } = options;
  async function claim(now: Date) {
    const due = db
      .selectFrom('outbox')
      .select('id')
      .where('kind', '=', 'email')
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .orderBy('next_attempt_at')
      .limit(batchSize)
      .forUpdate()
      .skipLocked();
    return db
      .updateTable('outbox')
      .set({
        locked_until: new Date(now.getTime() + leaseMs),
        attempts: sql`attempts + 1`,
      })
      .where('id', 'in', due)
      .returning(['id', 'account_id', 'payload', 'attempts'])
      .execute();
  }

  async function deliver(row: { id: string; payload: Record<string, unknown>; attempts: number }) {
    const email = row.payload as unknown as OutboxEmail;
    try {
      await db.transaction().execute(async (tx) => {
        const profile = await tx
          .selectFrom('smtp_profiles')
          .select(['id', 'account_id', 'transport', 'postmark_server_token'])
          .where('id', '=', email.smtp_profile_id)
          .executeTakeFirst();
        if (!profile) throw new Error('smtp profile not found');
        // Mark sent first inside the transaction; a transport failure rolls it back.
        const marked = await tx
          .updateTable('outbox')
          .set({ status: 'sent', sent_at: clock(), locked_until: null, last_error: null })
          .where('id', '=', row.id)
          .where('status', '=', 'pending')
          .executeTakeFirst();
        if (Number(marked.numUpdatedRows) !== 1) return;
        await transports[profile.transport].send(email, profile, tx);
        // Once delivered, the body (which may hold an email code) is not kept in the outbox.
        await tx
          .updateTable('outbox')
          .set({ payload: sql`payload - 'html'` })
          .where('id', '=', row.id)
          .execute();
      });
      logger.info({ outboxId: row.id, template: email.template, event: 'mail_sent' }, 'mail sent');
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const dead = row.attempts >= maxAttempts;
      await db
        .updateTable('outbox')
        .set({
          status: dead ? 'dead' : 'pending',
          locked_until: null,
          last_error: message.slice(0, 500),
          next_attempt_at: new Date(
            clock().getTime() + backoffMs(row.attempts, baseDelayMs, maxDelayMs),
          ),
        })
        .where('id', '=', row.id)
        .execute();
      logger.warn(
        { outboxId: row.id, attempts: row.attempts, dead, err: message, event: 'mail_failed' },
        'mail delivery failed',
      );
    }
  }

  async function drainOnce(): Promise<number> {
    const rows = await claim(clock());
    for (const row of rows) await deliver(row);
    return rows.length;
  }

  const loop = pollLoop(drainOnce, { pollMs, logger, name: 'outbox' });
  return {
    start: loop.start,
    stop: loop.stop,
    drainOnce,
  };
}
