import { ContactUpdate, ShipToUpdate } from '@portico/shared';
import { Hono } from 'hono';
import { notFound } from '../../http/api-error.js';
import type { AppEnv } from '../../http/context.js';
import { validate } from '../../http/validate.js';
import { requirePermission } from '../../middleware/shopper-session.js';
import { updateContact, updateCustomerShipTo } from '../../services/account/contact.js';
import { loadOverview } from '../../services/account/overview.js';
import { actionContext } from './action-context.js';

export const account = new Hono<AppEnv>()
  .get('/', async (c) => {
    const overview = await loadOverview(c.get('deps').db, c.get('shopper'));
    if (!overview) throw notFound('account');
    return c.json(overview);
  })
  .patch(
    '/contact',
    requirePermission('contact_modify'),
    validate('json', ContactUpdate),
    async (c) => {
      const { db } = c.get('deps');
      await updateContact(db, actionContext(c), c.req.valid('json'));
      return c.json(await loadOverview(db, c.get('shopper')));
    },
  )
  .put(
    '/ship-to',
    requirePermission('shipping_modify_ship_to'),
    validate('json', ShipToUpdate),
    async (c) => {
      const { db } = c.get('deps');
      await updateCustomerShipTo(db, actionContext(c), c.req.valid('json').ship_to);
      return c.json(await loadOverview(db, c.get('shopper')));
    },
  );
