import { Id } from '@portico/shared';
import { notFound } from './api-error.js';

/** A malformed id is an id that does not exist: the same 404 as an unknown one. */
export function idParam(value: string | undefined, what: string): string {
  if (!value || !Id.safeParse(value).success) throw notFound(what);
  return value;
}
