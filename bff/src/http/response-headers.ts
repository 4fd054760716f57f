import type { Context } from 'hono';

/**
 * Sets a header on the response the route has already made (middleware, after `next()`).
 * Hono's `c.header()` at that point rebuilds the response around its body as a web stream,
 * so every JSON answer went out through a ReadableStream, headers and body in separate
 * writes, instead of one. The response's own headers are mutable for every response this
 * app builds (`c.json`, `c.body`, the error handler), so they are set in place. A route
 * under these middlewares must not answer with an immutable response (`Response.redirect`,
 * one passed through from `fetch`): setting a header on it throws.
 */
export function setResponseHeader(
  c: Context,
  name: string,
  value: string,
  opts: { append?: boolean } = {},
): void {
  if (opts.append) c.res.headers.append(name, value);
  else c.res.headers.set(name, value);
}
