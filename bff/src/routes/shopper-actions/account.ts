import { ContactUpdate, ShipToUpdate } from '@portico/shared';
import { type Context, Hono } from 'hono';
import { notFound } from '../../http/api-error.js';
import type { AppEnv } from '../../http/context.js';
import { validate } from '../../http/validate.js';
import { requirePermission } from '../../middleware/shopper-session.js';
import { updateContact, updateCustomerShipTo } from '../../services/account/contact.js';
import { loadOverviewJson, withPermissions } from '../../services/account/overview.js';
import { actionContext } from './action-context.js';

/**
 * The overview as the response: its JSON text comes whole from Postgres, read by the session
 * check itself on the overview's GET (`preloadOverview`), on its own after an action.
 */
async function overviewResponse(c: Context<AppEnv>): Promise<Response> {
  const preloaded = c.get('preloadedOverview');
  const body = preloaded
    ? withPermissions(preloaded, c.get('shopper').permissions)
    : await loadOverviewJson(c.get('deps').db, c.get('shopper'));
  if (body === undefined) throw notFound('account');
  return c.body(body, 200, { 'content-type': 'application/json' });
}

export const account = new Hono<AppEnv>()
  .get('/', overviewResponse)
  .patch(
    '/contact',
    requirePermission('contact_modify'),
    validate('json', ContactUpdate),
    async (c) => {
      await updateContact(c.get('deps').db, actionContext(c), c.req.valid('json'));
      return overviewResponse(c);
    },
  )
  .put(
    '/ship-to',
    requirePermission('shipping_modify_ship_to'),
    validate('json', ShipToUpdate),
    async (c) => {
      await updateCustomerShipTo(c.get('deps').db, actionContext(c), c.req.valid('json').ship_to);
      return overviewResponse(c);
    },
  );
