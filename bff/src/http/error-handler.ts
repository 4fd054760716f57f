import type { ErrorBody } from '@portico/shared';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ApiError } from './api-error.js';
import type { AppEnv } from './context.js';

export function errorBody(err: ApiError): ErrorBody {
  return {
    error: {
      code: err.code,
      message: err.message,
      ...(err.details === undefined ? {} : { details: err.details }),
    },
  };
}

/** The single place errors become responses: `{ error: { code, message, details } }`. */
export function handleError(err: Error, c: Context<AppEnv>): Response {
  const apiError = toApiError(err);
  if (apiError.status >= 500 && !(err instanceof ApiError)) {
    c.get('deps')?.logger.error({ err, requestId: c.get('requestId') }, 'unhandled error');
  } else {
    // Thrown on purpose (a 4xx, or a 5xx such as a full login queue): a refusal.
    logRefusal(c, apiError);
  }
  for (const [k, v] of Object.entries(apiError.headers ?? {})) c.header(k, v);
  // Here too, not only in the /api/* middleware: a refusal before it ran (bodyLimit on a
  // declared Content-Length) must carry the same headers.
  c.header('Cache-Control', 'no-store');
  c.header('X-Content-Type-Options', 'nosniff');
  return c.json(errorBody(apiError), apiError.status as ContentfulStatusCode);
}

/**
 * Every refusal (SECURITY 30), e.g. another customer's id answered 404: who asked, as far
 * as the request established it. Ids and the error code only, never the body or details.
 */
function logRefusal(c: Context<AppEnv>, err: ApiError): void {
  const shopper = c.get('shopper');
  const portal = c.get('portal');
  const admin = c.get('admin');
  const fields = {
    requestId: c.get('requestId'),
    portalId: portal?.id,
    accountId: shopper?.accountId ?? portal?.accountId ?? admin?.accountId,
    customerId: shopper?.customerId,
    apiKeyId: admin?.apiKeyId,
    status: err.status,
    // Not `code`: the logger redacts that key everywhere (email codes), so the error code
    // of every refusal read "[redacted]".
    error: err.code,
  };
  const logger = c.get('deps')?.logger;
  if (err.status >= 500) logger?.warn(fields, 'request refused');
  else logger?.info(fields, 'request refused');
}

function toApiError(err: Error): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof HTTPException) {
    if (err.status === 400)
      return new ApiError('invalid_json', 'the request body is not valid JSON');
    if (err.status === 413)
      return new ApiError('payload_too_large', 'the request body is too large');
    if (err.status === 401) return new ApiError('unauthorized', 'authentication required');
    if (err.status === 404) return new ApiError('not_found', 'not found');
  }
  if (isBadValue(err)) {
    return new ApiError('validation_failed', 'a value in the request cannot be stored', {
      issues: [{ path: '', message: 'invalid characters or out-of-range value' }],
    });
  }
  if (isDatabaseUnavailable(err)) {
    return new ApiError(
      'service_unavailable',
      'the service is briefly unavailable; try again',
      undefined,
      {
        'Retry-After': '2',
      },
    );
  }
  return new ApiError('internal_error', 'something went wrong on our side');
}

/**
 * Postgres class 22 (data exception: a NUL byte in text, a date or number out of range)
 * is always a value the caller sent that no schema caught: their error, so a 400.
 */
function isBadValue(err: Error): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}

/**
 * Connection failures (Postgres restarting) answer 503 fast instead of a 500, as does a
 * statement cancelled for taking too long (57014, also `SessionCheckTimedOut`'s code).
 */
function isDatabaseUnavailable(err: Error): boolean {
  const code = (err as { code?: string }).code;
  if (
    code &&
    [
      'ECONNREFUSED',
      'ECONNRESET',
      '57P01',
      '57P02',
      '57P03',
      '57014',
      '08006',
      '08001',
      '08003',
    ].includes(code)
  ) {
    return true;
  }
  // "…is not queryable": a pooled client whose connection the server cut (mid-transaction).
  return /timeout exceeded when trying to connect|Connection terminated|connection refused|connection error and is not queryable/i.test(
    err.message,
  );
}
