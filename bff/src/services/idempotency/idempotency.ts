import { createHash } from 'node:crypto';
import { IDEMPOTENCY_HEADER, IdempotencyKey } from '@portico/shared';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { sql } from 'kysely';
import { ApiError } from '../../http/api-error.js';
import type { AppEnv } from '../../http/context.js';
import { errorBody } from '../../http/error-handler.js';

/** How long a key is remembered (Stripe keeps 24 hours too). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/** Charging routes need an `Idempotency-Key`; without one (or a malformed one) → 400. */
export const requireIdempotencyKey = createMiddleware<AppEnv>(async (c, next) => {
  if (!IdempotencyKey.safeParse(c.req.header(IDEMPOTENCY_HEADER)).success) {
    throw new ApiError(
      'idempotency_key_required',
      'send an Idempotency-Key header (8–255 printable characters) with every payment',
    );
  }
  await next();
});

/**
 * An in-flight claim older than this belongs to a request whose process died (killed,
 * crashed) before it could store its answer or release the key. The retry with the same key
 * and body takes it over instead of being told "still running" until the key expires. It is
 * as long as a charge attempt's lease (ATTEMPT_LEASE_MS), so a charge the dead request had
 * started is claimable by then too, and the charge itself stays once-only through its own
 * lease and the gateway's idempotency key.
 */
export const IN_FLIGHT_STALE_MS = 60_000;

/** Answers that say "try again" are not remembered: the retry with the same key runs. */
const TRANSIENT = new Set(['payment_in_progress', 'rate_limited']);

export interface Outcome {
  status: ContentfulStatusCode;
  body: unknown;
}

/**
 * Runs `run` at most once per (customer, key): the same key and body replay the stored
 * response; a different body → 422; while the first is running → 409. Server errors are
 * and transient refusals are not stored, so a retry after a gateway timeout runs again.
 */
export async function withIdempotency(
  c: Context<AppEnv>,
  run: () => Promise<Outcome>,
): Promise<Response> {
  const { db, clock } = c.get('deps');
  const { customerId, accountId } = c.get('shopper');
  const key = c.req.header(IDEMPOTENCY_HEADER) as string;
  const requestHash = await hashRequest(c);
  const now = clock();

  const claim = () =>
    db
      .insertInto('idempotency_keys')
      .values({
        customer_id: customerId,
        account_id: accountId,
        key,
        request_hash: requestHash,
        status: 'in_flight',
        expires_at: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
      })
      .onConflict((oc) => oc.columns(['customer_id', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();

  let claimed = await claim();
  if (!claimed) {
    await db
      .deleteFrom('idempotency_keys')
      .where('customer_id', '=', customerId)
      .where('key', '=', key)
      .where('expires_at', '<=', now)
      .execute();
    claimed = await claim();
  }
  if (!claimed) {
    const prior = await db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('customer_id', '=', customerId)
      .where('key', '=', key)
      .executeTakeFirst();
    if (!prior) return withIdempotency(c, run); // expired and swept in between: claim again
    if (prior.request_hash !== requestHash) {
      throw new ApiError(
        'idempotency_key_reused',
        'this Idempotency-Key was used with a different request',
      );
    }
    if (prior.status === 'done') {
      c.header('Idempotent-Replayed', 'true');
      return c.json(prior.response_body, (prior.response_status ?? 200) as ContentfulStatusCode);
    }
    // In flight: still running, or abandoned by a process that died (then take it over;
    // of two retries racing for it, the row lock lets one through).
    const staleBefore = new Date(now.getTime() - IN_FLIGHT_STALE_MS);
    // created_at is insert-only in the table types; taking over restarts its clock.
    const takenOver =
      prior.created_at <= staleBefore &&
      (
        await sql<{ key: string }>`
          update idempotency_keys set created_at = ${now}
          where customer_id = ${customerId} and key = ${key}
            and status = 'in_flight' and created_at <= ${staleBefore}
          returning key`.execute(db)
      ).rows.length === 1;
    if (!takenOver) {
      throw new ApiError('idempotency_in_flight', 'a request with this key is still running');
    }
  }

  const store = (outcome: Outcome) =>
    db
      .updateTable('idempotency_keys')
      .set({
        status: 'done',
        response_status: outcome.status,
        response_body: JSON.stringify(outcome.body),
      })
      .where('customer_id', '=', customerId)
      .where('key', '=', key)
      .execute();

  let outcome: Outcome;
  try {
    outcome = await run();
  } catch (err) {
    if (err instanceof ApiError && err.status < 500 && !TRANSIENT.has(err.code)) {
      await store({ status: err.status as ContentfulStatusCode, body: errorBody(err) });
    } else {
      await db
        .deleteFrom('idempotency_keys')
        .where('customer_id', '=', customerId)
        .where('key', '=', key)
        .execute();
    }
    throw err;
  }
  await store(outcome);
  return c.json(outcome.body, outcome.status);
}

/** Method, path and the body as canonical JSON: formatting differences are the same request. */
async function hashRequest(c: Context<AppEnv>): Promise<string> {
  let body: unknown = null;
  try {
    body = await c.req.json();
  } catch {
    body = null;
  }
  return createHash('sha256')
    .update(`${c.req.method} ${c.req.path}\n${canonical(body)}`)
    .digest('hex');
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
