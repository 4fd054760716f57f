import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { resolvePortal } from '../../middleware/portal.js';
import { shopperActions } from '../shopper-actions/index.js';
import { authRoutes } from './auth.js';
import { configRoutes } from './config.js';
import { loginLinkRoutes } from './login-links.js';
import { sessionRoutes } from './session.js';

/** The shopper API, mounted at SHOPPER_API_PREFIX; every route is under a resolved portal. */
export const shopperApi = new Hono<AppEnv>()
  .use('/:portalId/*', resolvePortal)
  .route('/', configRoutes)
  .route('/', authRoutes)
  .route('/', sessionRoutes)
  .route('/', loginLinkRoutes)
  .route('/:portalId', shopperActions());
