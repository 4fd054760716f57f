import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { refuseCardData } from '../../middleware/refuse-card-data.js';
import { account } from './account.js';
import { cards } from './cards.js';
import { salvage } from './salvage.js';
import { subscriptions } from './subscriptions.js';
import { trials } from './trials.js';

/**
 * Every self-service action of a logged-in shopper, relative to the portal's API base
 * (`/api/portals/:portalId`). Mount it behind the shopper session middleware, which sets
 * `c.get('shopper')`; each route checks its own permission and the ownership of every id.
 */
export function shopperActions() {
  return (
    new Hono<AppEnv>()
      // No body of any shopper action may carry a card number or CVC, not even a comment.
      .use('*', refuseCardData)
      .route('/account', account)
      .route('/cards', cards)
      .route('/subscriptions', subscriptions)
      .route('/trials', trials)
      .route('/salvage-transactions', salvage)
  );
}
