import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { SESSION_SECTIONS, type SessionSection } from '../../http/session-sections.js';
import { csrfProtect } from '../../middleware/csrf.js';
import { refuseCardData } from '../../middleware/refuse-card-data.js';
import { preloadOverview, requireShopper } from '../../middleware/shopper-session.js';
import { account } from './account.js';
import { cards } from './cards.js';
import { salvage } from './salvage.js';
import { subscriptions } from './subscriptions.js';
import { transactions } from './transactions.js';
import { trials } from './trials.js';

const SECTIONS: Record<SessionSection, Hono<AppEnv>> = {
  '/account': account,
  '/cards': cards,
  '/subscriptions': subscriptions,
  '/trials': trials,
  '/salvage-transactions': salvage,
  '/transactions': transactions,
};

/**
 * Every self-service action of a logged-in shopper, relative to the portal's API base
 * (`/api/portals/:portalId`). The guards (CSRF, then the shopper session, which sets
 * `c.get('shopper')` and checks the cached portal's version) run on these sections only,
 * never on the sign-in routes beside them; each route checks its own permission and the
 * ownership of every id.
 */
export function shopperActions() {
  const router = new Hono<AppEnv>();
  router.get('/account', preloadOverview);
  for (const path of SESSION_SECTIONS) {
    const section = SECTIONS[path];
    // `/x/*` also matches `/x`. No body of any action may carry a card number or CVC,
    // not even a comment.
    router.use(`${path}/*`, csrfProtect, requireShopper, refuseCardData);
    router.route(path, section);
  }
  return router;
}
