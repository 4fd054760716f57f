import { Hono } from 'hono';
import { sql } from 'kysely';
import type { AppEnv } from '../http/context.js';

export const health = new Hono<AppEnv>().get('/healthz', async (c) => {
  try {
    await sql`select 1`.execute(c.get('deps').db);
    return c.json({ status: 'ok' });
  } catch {
    return c.json({ status: 'unavailable' }, 503);
  }
});
