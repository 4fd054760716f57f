import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { adminAuth, requireJson } from '../../middleware/admin-auth.js';
import { campaigns } from './campaigns.js';

/** The merchant admin API: `Authorization: Bearer <key>`, JSON in and out. */
export const adminApi = new Hono<AppEnv>()
  .use(adminAuth, requireJson)
  .route('/campaigns', campaigns);
