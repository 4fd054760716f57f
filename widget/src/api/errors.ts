import type { ErrorCode } from '@portico/shared/errors';

/** Codes the widget itself produces when no server answer could be read. */
export type ClientErrorCode = 'network_error';
export type AnyErrorCode = ErrorCode | ClientErrorCode;

/** A failed API call, carrying the BFF's stable error code. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: AnyErrorCode;
  readonly details: unknown;

  constructor(status: number, code: AnyErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** The session is gone: the shopper must log in again. */
  get isSessionEnd(): boolean {
    return this.status === 401 && (this.code === 'session_expired' || this.code === 'unauthorized');
  }

  /**
   * Whether the same intent may be retried with the same idempotency key (no definitive
   * answer came back), as opposed to a settled outcome that needs a fresh intent.
   */
  get isRetryable(): boolean {
    return (
      this.code === 'network_error' ||
      this.code === 'idempotency_in_flight' ||
      this.code === 'service_unavailable' ||
      this.code === 'rate_limited' ||
      this.status >= 500
    );
  }
}
