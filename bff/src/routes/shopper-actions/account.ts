import { ContactUpdate, ShipToUpdate } from '@portico/shared';
import { type Context, Hono } from 'hono';
import { notFound } from '../../http/api-error.js';
import type { AppEnv } from '../../http/context.js';
import { validate } from '../../http/validate.js';
import { requirePermission } from '../../middleware/shopper-session.js';
import { updateContact, updateCustomerShipTo } from '../../services/account/contact.js';
import { currentOverviewJson, loadOverviewJson } from '../../services/account/overview.js';
import { actionContext } from './action-context.js';

/**
 * The overview as the response: its JSON text comes whole from Postgres. On the overview's
 * GET the session check has read its version (`preloadOverview`), and a body held at that
 * version is sent as is; after an action it is read afresh.
 */
async function overviewResponse(c: Context<AppEnv>): Promise<Response> {
  const { db } = c.get('deps');
  const version = c.get('overviewVersion');
  const body =
    version === undefined
      ? await loadOverviewJson(db, c.get('shopper'))
      : await currentOverviewJson(db, c.get('shopper'), version);
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
