import { CardAdd } from '@portico/shared';
import { Hono } from 'hono';
import { notFound } from '../../http/api-error.js';
import type { AppEnv } from '../../http/context.js';
import { idParam } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { requirePermission } from '../../middleware/shopper-session.js';
import {
  attachCard,
  findOwnedCard,
  listCards,
  removeCard,
  setDefaultCard,
  toCard,
  vaultedCard,
} from '../../services/cards/cards.js';
import { countCardAttempt } from '../../services/payments/card-attempt-limit.js';
import { recordShopperEvent } from '../../services/shopper-events/shopper-events.js';
import { actionContext } from './action-context.js';

const describe = (card: { brand: string; last4: string }) => `${card.brand} ending ${card.last4}`;

export const cards = new Hono<AppEnv>()
  .post(
    '/',
    requirePermission('credit_card_add'),
    async (c, next) => {
      // Counted before validation: junk requests are card-testing attempts too.
      const ctx = actionContext(c);
      await countCardAttempt(c.get('deps').db, {
        customerId: ctx.shopper.customerId,
        ip: ctx.ip,
        now: ctx.now,
      });
      await next();
    },
    validate('json', CardAdd),
    async (c) => {
      const { db, gateway } = c.get('deps');
      const ctx = actionContext(c);
      const input = c.req.valid('json');
      const vaulted = await vaultedCard(gateway, input.gateway_token);
      const card = await db.transaction().execute(async (tx) => {
        const row = await attachCard(tx, ctx.shopper, {
          gateway: gateway.name,
          token: input.gateway_token,
          card: vaulted,
          makeDefault: input.make_default ?? false,
        });
        await recordShopperEvent(tx, ctx, {
          type: 'card.added',
          subjectType: 'card',
          subjectId: row.id,
          note: `Added card ${describe(row)}`,
          data: {
            card_id: row.id,
            brand: row.brand,
            last4: row.last4,
            exp_month: row.exp_month,
            exp_year: row.exp_year,
            is_default: row.is_default,
          },
        });
        return row;
      });
      return c.json(toCard(card), 201);
    },
  )
  .delete('/:id', requirePermission('credit_card_remove'), async (c) => {
    const { db } = c.get('deps');
    const ctx = actionContext(c);
    const card = await findOwnedCard(db, ctx.shopper, idParam(c.req.param('id'), 'card'));
    if (!card) throw notFound('card');
    await db.transaction().execute(async (tx) => {
      const { newDefaultId } = await removeCard(tx, ctx.shopper, card, ctx.now);
      await recordShopperEvent(tx, ctx, {
        type: 'card.removed',
        subjectType: 'card',
        subjectId: card.id,
        note: `Removed card ${describe(card)}`,
        data: {
          card_id: card.id,
          brand: card.brand,
          last4: card.last4,
          was_default: card.is_default,
          new_default_card_id: newDefaultId,
        },
      });
    });
    return c.json({ data: (await listCards(db, ctx.shopper)).map(toCard) });
  })
  .post('/:id/default', requirePermission('credit_card_set_default'), async (c) => {
    const { db } = c.get('deps');
    const ctx = actionContext(c);
    const card = await findOwnedCard(db, ctx.shopper, idParam(c.req.param('id'), 'card'));
    if (!card) throw notFound('card');
    await db.transaction().execute(async (tx) => {
      await setDefaultCard(tx, ctx.shopper, card.id);
      await recordShopperEvent(tx, ctx, {
        type: 'card.default_changed',
        subjectType: 'card',
        subjectId: card.id,
        note: `Made card ${describe(card)} the default`,
        data: { card_id: card.id, brand: card.brand, last4: card.last4 },
      });
    });
    return c.json({ data: (await listCards(db, ctx.shopper)).map(toCard) });
  });
