import { PayRequest } from '@portico/shared';
import { Hono } from 'hono';
import { notFound } from '../../http/api-error.js';
import type { AppEnv } from '../../http/context.js';
import { idParam } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { requirePermission } from '../../middleware/shopper-session.js';
import { findOwnedCard } from '../../services/cards/cards.js';
import { requireIdempotencyKey, withIdempotency } from '../../services/idempotency/idempotency.js';
import { findOwnedSalvage, paySalvage } from '../../services/salvage/pay-salvage.js';
import { actionContext } from './action-context.js';

export const salvage = new Hono<AppEnv>().post(
  '/:id/pay',
  requirePermission('salvage_transaction_process'),
  requireIdempotencyKey,
  validate('json', PayRequest),
  async (c) => {
    const { db, gateway } = c.get('deps');
    const ctx = actionContext(c);
    const input = c.req.valid('json');
    // Ownership of everything named, before any effect: another customer's id is a 404.
    const row = await findOwnedSalvage(
      db,
      ctx.shopper,
      idParam(c.req.param('id'), 'salvage transaction'),
    );
    if (!row) throw notFound('salvage transaction');
    if (input.card_id && !(await findOwnedCard(db, ctx.shopper, input.card_id))) {
      throw notFound('card');
    }
    return withIdempotency(c, async () => ({
      status: 200,
      body: await paySalvage(db, gateway, ctx, row.id, input.card_id),
    }));
  },
);
