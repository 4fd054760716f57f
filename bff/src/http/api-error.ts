import { ERROR_CODES, type ErrorCode } from '@portico/shared';

/** The one error type routes throw; the app's error handler renders it. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.status = ERROR_CODES[code];
  }
}

export const notFound = (what = 'resource') => new ApiError('not_found', `${what} not found`);
