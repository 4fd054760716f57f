import { Hono } from 'hono';
import { notFound } from '../../http/api-error.js';
import type { AppEnv } from '../../http/context.js';
import { idParam } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { requirePermission } from '../../middleware/shopper-session.js';
import { requireIdempotencyKey, withIdempotency } from '../../services/idempotency/idempotency.js';
import { expireTrial } from '../../services/trials/expire.js';
import { cancelTrial, findOwnedTrial } from '../../services/trials/trials.js';
import { actionContext } from './action-context.js';
import { NoInput } from './subscriptions.js';
import { toTrial } from './views.js';

export const trials = new Hono<AppEnv>()
  .post(
    '/:id/expire',
    requirePermission('trial_expire'),
    requireIdempotencyKey,
    validate('json', NoInput),
    async (c) => {
      const { db, gateway } = c.get('deps');
      const ctx = actionContext(c);
      const trial = await findOwnedTrial(db, ctx.shopper, idParam(c.req.param('id'), 'trial'));
      if (!trial) throw notFound('trial');
      return withIdempotency(c, async () => ({
        status: 200,
        body: await expireTrial(db, gateway, ctx, trial.id),
      }));
    },
  )
  .post('/:id/cancel', requirePermission('trial_cancel'), validate('json', NoInput), async (c) => {
    const { db } = c.get('deps');
    const ctx = actionContext(c);
    const trial = await findOwnedTrial(db, ctx.shopper, idParam(c.req.param('id'), 'trial'));
    if (!trial) throw notFound('trial');
    return c.json(toTrial(await cancelTrial(db, ctx, trial.id)));
  });
