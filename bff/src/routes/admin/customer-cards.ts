import { CardAttach } from '@portico/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { idParam } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { refuseCardData } from '../../middleware/refuse-card-data.js';
import { recordAudit } from '../../services/audit/audit.js';
import { attachCard, listCards, toCard, vaultedCard } from '../../services/cards/cards.js';
import { requireCustomer } from '../../services/customers/customers.js';

/** AddCardToCustomer and the card list: a gateway token in, display facts out. */
export const customerCards = new Hono<AppEnv>()
  .post('/:id/cards', refuseCardData, validate('json', CardAttach), async (c) => {
    const { db, gateway } = c.get('deps');
    const { accountId } = c.get('admin');
    const customerId = await ownedCustomer(c.get('deps').db, accountId, c.req.param('id'));
    const input = c.req.valid('json');
    const vaulted = await vaultedCard(gateway, input.gateway_token);
    const card = await db.transaction().execute(async (tx) => {
      const row = await attachCard(
        tx,
        { accountId, customerId },
        {
          gateway: gateway.name,
          token: input.gateway_token,
          card: vaulted,
          makeDefault: input.make_default,
        },
      );
      await recordAudit(tx, {
        accountId,
        customerId,
        actor: 'admin',
        action: 'card.added',
        subjectType: 'card',
        subjectId: row.id,
        data: { brand: row.brand, last4: row.last4, is_default: row.is_default },
        requestId: c.get('requestId'),
      });
      return row;
    });
    return c.json(toCard(card), 201);
  })
  .get('/:id/cards', async (c) => {
    const { db } = c.get('deps');
    const { accountId } = c.get('admin');
    const customerId = await ownedCustomer(db, accountId, c.req.param('id'));
    return c.json({ data: (await listCards(db, { accountId, customerId })).map(toCard) });
  });

async function ownedCustomer(
  db: AppEnv['Variables']['deps']['db'],
  accountId: string,
  raw: string | undefined,
): Promise<string> {
  return (await requireCustomer(db, accountId, idParam(raw, 'customer'))).id;
}
