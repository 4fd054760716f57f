import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyLimit } from './body-limit.js';

const MAX = 1024;

/** Raw HTTP/1.1, so the test decides exactly which framing headers are sent. */
function send(
  port: number,
  method: string,
  headers: Record<string, string>,
  chunks: string[] = [],
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path: '/echo', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

/** Over a real node server: the header path only exists there (app.request has no socket). */
describe('bodyLimit', () => {
  let server: ServerType;
  let port: number;
  let materialized = 0;
  beforeAll(async () => {
    const app = new Hono()
      .use(async (c, next) => {
        // node-server builds a web Request (around a web stream of the socket) only when
        // something asks for it, and keeps it under this symbol.
        const incoming = c.req.raw;
        await next();
        const cached = Object.getOwnPropertySymbols(incoming).find(
          (s) => s.description === 'requestCache',
        );
        if (cached && (incoming as unknown as Record<symbol, unknown>)[cached]) materialized++;
      })
      .use(
        bodyLimit({
          maxSize: MAX,
          onError: (c) => c.text('too large', 413),
        }),
      )
      .all('/echo', async (c) => c.text(c.req.method === 'GET' ? 'got' : await c.req.text()));
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('judges a declared Content-Length from the header: at the limit passes, past it is refused', async () => {
    const ok = await send(port, 'POST', { 'content-length': String(MAX) }, ['x'.repeat(MAX)]);
    expect(ok).toEqual({ status: 200, body: 'x'.repeat(MAX) });
    const big = 'x'.repeat(MAX + 1);
    const refused = await send(port, 'POST', { 'content-length': String(MAX + 1) }, [big]);
    expect(refused.status).toBe(413);
  });

  it('counts a chunked body as it arrives', async () => {
    materialized = 0;
    const small = await send(port, 'POST', { 'transfer-encoding': 'chunked' }, ['ab', 'cd']);
    expect(small).toEqual({ status: 200, body: 'abcd' });
    const chunks = Array.from({ length: 4 }, () => 'y'.repeat(MAX / 2));
    const refused = await send(port, 'POST', { 'transfer-encoding': 'chunked' }, chunks);
    expect(refused.status).toBe(413);
    expect(materialized, 'the probe sees a web Request when one is built').toBeGreaterThan(0);
  });

  it('lets a request without a body through, and never builds a web Request for the check', async () => {
    materialized = 0;
    expect(await send(port, 'GET', {})).toEqual({ status: 200, body: 'got' });
    expect(await send(port, 'POST', { 'content-length': '2' }, ['hi'])).toEqual({
      status: 200,
      body: 'hi',
    });
    expect(materialized, 'requests read without a web Request').toBe(0);
  });
});
