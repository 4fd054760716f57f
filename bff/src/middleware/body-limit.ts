import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit as countedBodyLimit } from 'hono/body-limit';

export interface BodyLimitOptions {
  maxSize: number;
  onError: (c: Context) => Response | Promise<Response>;
}

/**
 * Hono's bodyLimit, without its cost on the usual request. Hono's reads `c.req.raw.body`
 * first, which makes @hono/node-server build a full web Request around a web stream of the
 * socket for every request (GETs too), and the body is then read through that stream
 * instead of node-server's direct read: in a login storm that was the largest single cost
 * of a request on the event loop. Here a declared Content-Length without
 * Transfer-Encoding is judged from the header, as Hono does in that case; an HTTP/1
 * request with neither header has no body (RFC 9112 §6.3); anything else goes to Hono's,
 * which counts the bytes as they arrive.
 */
export function bodyLimit(options: BodyLimitOptions): MiddlewareHandler {
  const counted = countedBodyLimit(options);
  return async (c, next) => {
    const declared = c.req.header('content-length');
    const chunked = c.req.header('transfer-encoding') !== undefined;
    if (declared !== undefined && !chunked) {
      return Number.parseInt(declared, 10) > options.maxSize ? options.onError(c) : next();
    }
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    if (declared === undefined && !chunked && incoming?.httpVersionMajor === 1) return next();
    return counted(c, next);
  };
}
