import { Writable } from 'node:stream';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { SessionCheckTimedOut } from '../services/sessions/sessions.js';
import { ApiError } from './api-error.js';
import type { AppDeps, AppEnv } from './context.js';
import { handleError } from './error-handler.js';

/** An app whose routes throw, logging into `lines`. */
function app(lines: Array<Record<string, unknown>>) {
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const deps = { logger: createLogger('info', sink) } as unknown as AppDeps;
  return new Hono<AppEnv>()
    .use(async (c, next) => {
      c.set('deps', deps);
      await next();
    })
    .get('/busy', () => {
      throw new ApiError('service_unavailable', 'too many logins right now; try again');
    })
    .get('/slow-check', () => {
      throw new SessionCheckTimedOut();
    })
    .get('/bug', () => {
      throw new Error('boom');
    })
    .onError(handleError);
}

describe('handleError logging', () => {
  it('logs a 5xx thrown on purpose as a refusal (warn) with its code, a thrown bug as an error', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const a = app(lines);
    expect((await a.request('/busy')).status).toBe(503);
    expect((await a.request('/bug')).status).toBe(500);
    expect(lines.map((l) => [l.level, l.msg, l.error])).toEqual([
      [40, 'request refused', 'service_unavailable'],
      [50, 'unhandled error', undefined],
    ]);
  });

  it('answers a session check that timed out with 503 and Retry-After', async () => {
    const res = await app([]).request('/slow-check');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'service_unavailable',
    );
  });
});
