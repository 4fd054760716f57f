import type { Tx } from '@portico/db';
import { PageQuery, SalvageCreate, SubscriptionCreate, TrialCreate } from '@portico/shared';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { createFactory } from 'hono/factory';
import { ApiError } from '../../http/api-error.js';
import type { AppEnv } from '../../http/context.js';
import { toPage } from '../../http/pagination.js';
import { idParam } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { recordAudit } from '../../services/audit/audit.js';
import { findOwnedCard } from '../../services/cards/cards.js';
import {
  type CustomerBillingRows,
  type CustomerBillingTable,
  openSalvageTransaction,
  pageForCustomer,
  toCustomerTransaction,
  toSalvageTransaction,
  toSubscription,
  toTrial,
} from '../../services/customers/billing.js';
import { assertInAccount, requireCustomer } from '../../services/customers/customers.js';

/** GET /customers/:id/<billing table>: the customer must be this account's, else 404. */
function listForCustomer<T extends CustomerBillingTable, Out>(
  table: T,
  map: (row: CustomerBillingRows[T]) => Out,
) {
  return createFactory<AppEnv>().createHandlers(validate('query', PageQuery), async (c) => {
    const { db } = c.get('deps');
    const { accountId } = c.get('admin');
    const id = idParam(c.req.param('id'), 'customer');
    const query = c.req.valid('query');
    await requireCustomer(db, accountId, id);
    const rows = await pageForCustomer(db, table, accountId, id, query);
    return c.json(toPage(rows, query.limit, map));
  });
}

/**
 * POST /customers/:id/<billing record>: in one transaction, checks the customer is this
 * account's (404 before anything is written), runs `create`, and audits `<subject>.created`.
 */
async function createForCustomer<R extends { id: string }>(
  c: Context<AppEnv>,
  subject: 'subscription' | 'trial' | 'salvage_transaction',
  create: (tx: Tx, ids: { accountId: string; customerId: string }) => Promise<R>,
): Promise<R> {
  const { db } = c.get('deps');
  const { accountId } = c.get('admin');
  const customerId = idParam(c.req.param('id'), 'customer');
  return db.transaction().execute(async (tx) => {
    await requireCustomer(tx, accountId, customerId);
    const created = await create(tx, { accountId, customerId });
    await recordAudit(tx, {
      accountId,
      customerId,
      actor: 'admin',
      action: `${subject}.created`,
      subjectType: subject,
      subjectId: created.id,
      requestId: c.get('requestId'),
    });
    return created;
  });
}

/**
 * The billing state a merchant loads for a customer, so the portal has something to show:
 * /customers/:id/subscriptions, /trials, /salvage-transactions and /transactions.
 */
export const customerBilling = new Hono<AppEnv>()
  .post('/:id/subscriptions', validate('json', SubscriptionCreate), async (c) => {
    const input = c.req.valid('json');
    const row = await createForCustomer(
      c,
      'subscription',
      async (tx, { accountId, customerId }) => {
        if (input.card_id) {
          // The card must be a live card of this very customer, not just of this account.
          if (!(await findOwnedCard(tx, { accountId, customerId }, input.card_id))) {
            throw new ApiError('card_not_found', 'card not found', { ids: [input.card_id] });
          }
        }
        if (input.campaign_id) {
          await assertInAccount(
            tx,
            'campaigns',
            accountId,
            [input.campaign_id],
            'campaign_not_found',
          );
        }
        return tx
          .insertInto('subscriptions')
          .values({
            account_id: accountId,
            customer_id: customerId,
            campaign_id: input.campaign_id ?? null,
            product_name: input.product_name,
            amount: input.amount,
            currency: input.currency,
            interval: input.interval,
            interval_count: input.interval_count,
            status: input.status,
            next_renewal_at: input.next_renewal_at,
            ship_to: input.ship_to ? JSON.stringify(input.ship_to) : null,
            card_id: input.card_id ?? null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      },
    );
    return c.json(toSubscription(row), 201);
  })
  .get('/:id/subscriptions', ...listForCustomer('subscriptions', toSubscription))
  .post('/:id/trials', validate('json', TrialCreate), async (c) => {
    const input = c.req.valid('json');
    const row = await createForCustomer(c, 'trial', (tx, { accountId, customerId }) =>
      tx
        .insertInto('trials')
        .values({
          account_id: accountId,
          customer_id: customerId,
          product_name: input.product_name,
          expiration_amount: input.expiration_amount,
          currency: input.currency,
          interval: input.interval,
          interval_count: input.interval_count,
          status: 'active',
          expires_at: input.expires_at,
          ship_to: input.ship_to ? JSON.stringify(input.ship_to) : null,
        })
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
    return c.json(toTrial(row), 201);
  })
  .get('/:id/trials', ...listForCustomer('trials', toTrial))
  .post('/:id/salvage-transactions', validate('json', SalvageCreate), async (c) => {
    const { clock } = c.get('deps');
    const input = c.req.valid('json');
    const row = await createForCustomer(c, 'salvage_transaction', (tx, ids) =>
      openSalvageTransaction(tx, { ...ids, input, now: clock() }),
    );
    return c.json(toSalvageTransaction(row), 201);
  })
  .get(
    '/:id/salvage-transactions',
    ...listForCustomer('salvage_transactions', toSalvageTransaction),
  )
  .get('/:id/transactions', ...listForCustomer('transactions', toCustomerTransaction));
