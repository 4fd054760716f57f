import type { Db } from '@portico/db';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import { backoffMs, type PollLoop, pollLoop } from '../outbox/poll-loop.js';
import { type EgressPolicy, EgressRefused, resolveTarget } from './egress.js';
import { fanOut } from './fan-out.js';
import { postOnce } from './post.js';
import { webhookHeaders } from './signing.js';

export interface WebhookWorkerOptions {
  db: Db;
  logger: Logger;
  /** Which addresses a delivery may reach, and the DNS resolver: explicit, never defaulted. */
  egress: EgressPolicy;
  clock?: () => Date;
  /** 0 ≤ random() < 1, for the backoff jitter. */
  random?: () => number;
  batchSize?: number;
  /** Attempts before a delivery is dead. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  leaseMs?: number;
  pollMs?: number;
  /** Per attempt: connect, send and answer. */
  timeoutMs?: number;
  /** Trusted CAs for https receivers (tests); undefined trusts Node's bundled roots. */
  tlsCa?: string[];
}

export interface WebhookWorker extends PollLoop {
  /** Fans due events out, then attempts due deliveries once. Returns items handled. */
  drainOnce(): Promise<number>;
}

/** Backoff with equal jitter: half the exponential delay fixed, half random. */
export function retryDelayMs(
  attempts: number,
  baseMs: number,
  maxMs: number,
  random: () => number,
): number {
  const full = backoffMs(attempts, baseMs, maxMs);
  return Math.round(full / 2 + (full / 2) * random());
}

/**
 * Delivers webhooks from Postgres: each event becomes one delivery per matching endpoint,
 * and each delivery is POSTed with Standard Webhooks signatures until a 2xx, retried with
 * backoff, dead after maxAttempts. Deliveries are claimed with `skip locked` and a lease,
 * so several instances never send one at the same time. Every attempt is logged.
 */
export function createWebhookWorker(options: WebhookWorkerOptions): WebhookWorker {
  const {
    db,
    logger,
    egress,
    clock = () => new Date(),
    random = Math.random,
    batchSize = 20,
    // 10 s doubling to a 6 h cap: 16 attempts span about a day and a half of outage.
    maxAttempts = 16,
    baseDelayMs = 10_000,
    maxDelayMs = 6 * 60 * 60_000,
    leaseMs = 60_000,
    pollMs = 1_000,
    timeoutMs = 10_000,
  } = options;

  async function claim(now: Date) {
    const due = db
      .selectFrom('webhook_deliveries')
      .innerJoin('webhook_endpoints', 'webhook_endpoints.id', 'webhook_deliveries.endpoint_id')
      .select('webhook_deliveries.id')
      .where('webhook_deliveries.status', '=', 'pending')
      .where('webhook_endpoints.enabled', '=', true)
      .where('webhook_deliveries.next_attempt_at', '<=', now)
      .where((eb) =>
        eb.or([
          eb('webhook_deliveries.locked_until', 'is', null),
          eb('webhook_deliveries.locked_until', '<', now),
        ]),
      )
      .orderBy('webhook_deliveries.next_attempt_at')
      .limit(batchSize)
      .forUpdate('webhook_deliveries')
      .skipLocked();
    return db
      .updateTable('webhook_deliveries')
      .set({ locked_until: new Date(now.getTime() + leaseMs), attempts: sql`attempts + 1` })
      .where('id', 'in', due)
      .returning(['id', 'account_id', 'endpoint_id', 'event_id', 'event_type', 'body', 'attempts'])
      .execute();
  }

  type Claimed = Awaited<ReturnType<typeof claim>>[number];

  async function attempt(d: Claimed): Promise<void> {
    const started = clock();
    const endpoint = await db
      .selectFrom('webhook_endpoints')
      .select(['url', 'secret', 'previous_secret', 'previous_secret_expires_at'])
      .where('id', '=', d.endpoint_id)
      .executeTakeFirst();
    let statusCode: number | null = null;
    let error: string | null = null;
    const t0 = performance.now();
    if (!endpoint) {
      error = 'endpoint deleted';
    } else {
      const url = new URL(endpoint.url);
      const secrets = [endpoint.secret];
      if (endpoint.previous_secret && (endpoint.previous_secret_expires_at ?? started) > started)
        secrets.push(endpoint.previous_secret);
      try {
        const target = await resolveTarget(url.hostname, egress);
        const timestamp = Math.floor(started.getTime() / 1000);
        const outcome = await postOnce({
          url,
          target,
          headers: webhookHeaders(secrets, d.event_id, timestamp, d.body),
          body: d.body,
          timeoutMs,
          ca: options.tlsCa,
        });
        if ('error' in outcome) error = outcome.error;
        else {
          statusCode = outcome.statusCode;
          if (statusCode < 200 || statusCode > 299)
            error =
              statusCode >= 300 && statusCode < 400
                ? `redirect (${statusCode}) not followed`
                : `receiver answered ${statusCode}`;
        }
      } catch (err) {
        if (!(err instanceof EgressRefused)) throw err;
        error = err.message;
      }
    }
    const durationMs = Math.round(performance.now() - t0);
    const ok = error === null;
    const dead = !ok && d.attempts >= maxAttempts;
    const now = clock();
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('webhook_delivery_attempts')
        .values({
          account_id: d.account_id,
          endpoint_id: d.endpoint_id,
          delivery_id: d.id,
          event_id: d.event_id,
          event_type: d.event_type,
          attempt: d.attempts,
          status_code: statusCode,
          error: error?.slice(0, 500) ?? null,
          duration_ms: durationMs,
          created_at: started,
        })
        .execute();
      await tx
        .updateTable('webhook_deliveries')
        .set({
          status: ok ? 'succeeded' : dead ? 'dead' : 'pending',
          locked_until: null,
          last_status_code: statusCode,
          last_error: error?.slice(0, 500) ?? null,
          delivered_at: ok ? now : null,
          next_attempt_at: new Date(
            now.getTime() + retryDelayMs(d.attempts, baseDelayMs, maxDelayMs, random),
          ),
        })
        .where('id', '=', d.id)
        .execute();
    });
    const log = {
      deliveryId: d.id,
      eventId: d.event_id,
      endpointId: d.endpoint_id,
      accountId: d.account_id,
      attempt: d.attempts,
      statusCode,
      durationMs,
    };
    if (ok) logger.info({ ...log, event: 'webhook_delivered' }, 'webhook delivered');
    else logger.warn({ ...log, dead, err: error, event: 'webhook_failed' }, 'webhook failed');
  }

  async function drainOnce(): Promise<number> {
    const fanned = await fanOut(db, clock(), batchSize);
    const claimed = await claim(clock());
    await Promise.all(claimed.map(attempt));
    return fanned + claimed.length;
  }

  return { ...pollLoop(drainOnce, { pollMs, logger, name: 'webhooks' }), drainOnce };
}
