import { CancelRequest, ShipToUpdate, SuspendRequest } from '@portico/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import { notFound } from '../../http/api-error.js';
import type { AppEnv } from '../../http/context.js';
import { idParam } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { portalRecord } from '../../middleware/portal.js';
import { requirePermission } from '../../middleware/shopper-session.js';
import { requireIdempotencyKey, withIdempotency } from '../../services/idempotency/idempotency.js';
import { resolveCancel } from '../../services/subscriptions/cancel-flow.js';
import { renewSubscription } from '../../services/subscriptions/renew.js';
import {
  findOwnedSubscription,
  type SubscriptionTransition,
  transitionSubscription,
  updateSubscriptionShipTo,
} from '../../services/subscriptions/subscriptions.js';
import { actionContext } from './action-context.js';
import { toSubscription } from './views.js';

/** Actions without input take an empty object: amounts and statuses come from our rows. */
export const NoInput = z.strictObject({});

const transition = (
  action: SubscriptionTransition,
  permission: Parameters<typeof requirePermission>[0],
) =>
  [
    requirePermission(permission),
    validate(
      'json',
      action === 'cancel' ? CancelRequest : action === 'suspend' ? SuspendRequest : NoInput,
    ),
  ] as const;

export const subscriptions = new Hono<AppEnv>()
  .put(
    '/:id/ship-to',
    requirePermission('shipping_modify_ship_to'),
    validate('json', ShipToUpdate),
    async (c) => {
      const { db } = c.get('deps');
      const ctx = actionContext(c);
      const id = await owned(c.get('deps').db, ctx.shopper, c.req.param('id'));
      const sub = await updateSubscriptionShipTo(db, ctx, id, c.req.valid('json').ship_to);
      return c.json(toSubscription(sub));
    },
  )
  .post(
    '/:id/renew',
    requirePermission('subscription_renew'),
    requireIdempotencyKey,
    validate('json', NoInput),
    async (c) => {
      const { db, gateway } = c.get('deps');
      const ctx = actionContext(c);
      const id = await owned(db, ctx.shopper, c.req.param('id'));
      return withIdempotency(c, async () => ({
        status: 200,
        body: await renewSubscription(db, gateway, ctx, id),
      }));
    },
  )
  .post('/:id/activate', ...transition('activate', 'subscription_activate'), async (c) =>
    c.json(toSubscription(await runTransition(c, 'activate'))),
  )
  .post('/:id/suspend', ...transition('suspend', 'subscription_suspend'), async (c) =>
    c.json(toSubscription(await runTransition(c, 'suspend', c.req.valid('json')))),
  )
  .post('/:id/cancel', ...transition('cancel', 'subscription_cancel'), async (c) =>
    c.json(toSubscription(await runTransition(c, 'cancel', c.req.valid('json')))),
  );

async function owned(
  db: Parameters<typeof findOwnedSubscription>[0],
  owner: Parameters<typeof findOwnedSubscription>[1],
  raw: string | undefined,
): Promise<string> {
  const sub = await findOwnedSubscription(db, owner, idParam(raw, 'subscription'));
  if (!sub) throw notFound('subscription');
  return sub.id;
}

async function runTransition(
  // biome-ignore lint/suspicious/noExplicitAny: the three routes share this body
  c: any,
  action: SubscriptionTransition,
  body: (CancelRequest & SuspendRequest) | Record<string, never> = {},
) {
  const { db } = c.get('deps');
  const ctx = actionContext(c);
  // Ownership first: another customer's id is a 404 whatever the body says.
  const id = await owned(db, ctx.shopper, c.req.param('id'));
  if (action === 'cancel') {
    const cancel = resolveCancel(portalRecord(c), body as CancelRequest);
    return transitionSubscription(db, ctx, id, action, { cancel });
  }
  const saveOffer = action === 'suspend' && (body as SuspendRequest).save_offer === true;
  return transitionSubscription(db, ctx, id, action, { saveOffer });
}
