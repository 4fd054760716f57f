import { Hono } from 'hono';
import { ApiError } from '../../http/api-error.js';
import type { AppEnv } from '../../http/context.js';
import { portalRecord } from '../../middleware/portal.js';
import { requireShopper, sessionRow } from '../../middleware/shopper-session.js';
import { findEligibleById } from '../../services/customers/eligibility.js';
import { sessionInfo } from './session-issue.js';

/** Who is signed in, on which portal, until when. */
export const sessionRoutes = new Hono<AppEnv>().get(
  '/:portalId/session',
  requireShopper,
  async (c) => {
    const shopper = c.get('shopper');
    const customer = await findEligibleById(c.get('deps').db, portalRecord(c), shopper.customerId);
    if (!customer) throw new ApiError('unauthorized', 'please log in');
    return c.json(sessionInfo(sessionRow(c), customer));
  },
);
