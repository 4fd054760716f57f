import { Hono, type MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { refuseCardData } from '../../middleware/refuse-card-data.js';
import { account } from './account.js';
import { cards } from './cards.js';
import { salvage } from './salvage.js';
import { subscriptions } from './subscriptions.js';
import { transactions } from './transactions.js';
import { trials } from './trials.js';

const SECTIONS = [
  ['/account', account],
  ['/cards', cards],
  ['/subscriptions', subscriptions],
  ['/trials', trials],
  ['/salvage-transactions', salvage],
  ['/transactions', transactions],
] as const;

/**
 * Every self-service action of a logged-in shopper, relative to the portal's API base
 * (`/api/portals/:portalId`). `guards` (CSRF, then the shopper session, which sets
 * `c.get('shopper')`) run on these sections only, never on the sign-in routes beside them;
 * each route checks its own permission and the ownership of every id.
 */
export function shopperActions(guards: MiddlewareHandler<AppEnv>[] = []) {
  const router = new Hono<AppEnv>();
  for (const [path, section] of SECTIONS) {
    // `/x/*` also matches `/x`. No body of any action may carry a card number or CVC,
    // not even a comment.
    router.use(`${path}/*`, ...guards, refuseCardData);
    router.route(path, section);
  }
  return router;
}
