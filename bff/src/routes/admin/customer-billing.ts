import { PageQuery, SalvageCreate, SubscriptionCreate, TrialCreate } from '@portico/shared';
import { Hono } from 'hono';
import { createFactory } from 'hono/factory';
import { ApiError } from '../../http/api-error.js';
import type { AppEnv } from '../../http/context.js';
import { toPage } from '../../http/pagination.js';
import { idParam } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { addCustomerNote, recordAudit } from '../../services/audit/audit.js';
import {
  type CustomerBillingRows,
  type CustomerBillingTable,
  pageForCustomer,
  toCustomerTransaction,
  toSalvageTransaction,
  toSubscription,
  toTrial,
} from '../../services/customers/billing.js';
import { assertInAccount, requireCustomer } from '../../services/customers/customers.js';

const OPEN_SALVAGE = ['pending', 'processing'] as const;

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
 * The billing state a merchant loads for a customer, so the portal has something to show:
 * /customers/:id/subscriptions, /trials, /salvage-transactions and /transactions.
 */
export const customerBilling = new Hono<AppEnv>()
  .post('/:id/subscriptions', validate('json', SubscriptionCreate), async (c) => {
    const { db } = c.get('deps');
    const { accountId } = c.get('admin');
    const id = idParam(c.req.param('id'), 'customer');
    const input = c.req.valid('json');
    const row = await db.transaction().execute(async (tx) => {
      await requireCustomer(tx, accountId, id);
      if (input.card_id) {
        // The card must be a live card of this very customer, not just of this account.
        const card = await tx
          .selectFrom('customer_cards')
          .select('id')
          .where('id', '=', input.card_id)
          .where('customer_id', '=', id)
          .where('account_id', '=', accountId)
          .where('removed_at', 'is', null)
          .executeTakeFirst();
        if (!card) {
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
      const created = await tx
        .insertInto('subscriptions')
        .values({
          account_id: accountId,
          customer_id: id,
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
      await recordAudit(tx, {
        accountId,
        customerId: id,
        actor: 'admin',
        action: 'subscription.created',
        subjectType: 'subscription',
        subjectId: created.id,
        requestId: c.get('requestId'),
      });
      return created;
    });
    return c.json(toSubscription(row), 201);
  })
  .get('/:id/subscriptions', ...listForCustomer('subscriptions', toSubscription))
  .post('/:id/trials', validate('json', TrialCreate), async (c) => {
    const { db } = c.get('deps');
    const { accountId } = c.get('admin');
    const id = idParam(c.req.param('id'), 'customer');
    const input = c.req.valid('json');
    const row = await db.transaction().execute(async (tx) => {
      await requireCustomer(tx, accountId, id);
      const created = await tx
        .insertInto('trials')
        .values({
          account_id: accountId,
          customer_id: id,
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
        .executeTakeFirstOrThrow();
      await recordAudit(tx, {
        accountId,
        customerId: id,
        actor: 'admin',
        action: 'trial.created',
        subjectType: 'trial',
        subjectId: created.id,
        requestId: c.get('requestId'),
      });
      return created;
    });
    return c.json(toTrial(row), 201);
  })
  .get('/:id/trials', ...listForCustomer('trials', toTrial))
  .post('/:id/salvage-transactions', validate('json', SalvageCreate), async (c) => {
    const { db, clock } = c.get('deps');
    const { accountId } = c.get('admin');
    const id = idParam(c.req.param('id'), 'customer');
    const input = c.req.valid('json');
    const row = await db.transaction().execute(async (tx) => {
      await requireCustomer(tx, accountId, id);
      // The amount, currency and product come from our record, locked so that two requests
      // cannot open two salvage transactions for the same failure.
      const origin =
        input.source === 'renewal'
          ? await tx
              .selectFrom('subscriptions')
              .select(['id', 'product_name', 'amount', 'currency', 'status'])
              .where('id', '=', input.subscription_id)
              .where('customer_id', '=', id)
              .where('account_id', '=', accountId)
              .forUpdate()
              .executeTakeFirst()
          : await tx
              .selectFrom('trials')
              .select(['id', 'product_name', 'expiration_amount as amount', 'currency', 'status'])
              .where('id', '=', input.trial_id)
              .where('customer_id', '=', id)
              .where('account_id', '=', accountId)
              .forUpdate()
              .executeTakeFirst();
      if (!origin) {
        throw input.source === 'renewal'
          ? new ApiError('subscription_not_found', 'subscription not found', {
              ids: [input.subscription_id],
            })
          : new ApiError('trial_not_found', 'trial not found', { ids: [input.trial_id] });
      }
      const allowed = input.source === 'renewal' ? ['active', 'suspended'] : ['active', 'failed'];
      if (!allowed.includes(origin.status)) {
        throw new ApiError(
          'invalid_state',
          `a ${origin.status} ${input.source === 'renewal' ? 'subscription' : 'trial'} cannot have a failed payment`,
        );
      }
      const open = await tx
        .selectFrom('salvage_transactions')
        .select('id')
        .where(input.source === 'renewal' ? 'subscription_id' : 'trial_id', '=', origin.id)
        .where('source', '=', input.source)
        .where('status', 'in', OPEN_SALVAGE)
        .executeTakeFirst();
      if (open) {
        throw new ApiError('invalid_state', 'an unpaid salvage transaction already exists', {
          salvage_transaction_id: open.id,
        });
      }
      const created = await tx
        .insertInto('salvage_transactions')
        .values({
          account_id: accountId,
          customer_id: id,
          source: input.source,
          subscription_id: input.source === 'renewal' ? origin.id : null,
          trial_id: input.source === 'trial_expiration' ? origin.id : null,
          product_name: origin.product_name,
          amount: origin.amount,
          currency: origin.currency,
          status: 'pending',
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      // A failed renewal leaves the subscription as it is; a failed trial expiration fails
      // the trial.
      if (input.source === 'trial_expiration') {
        await tx
          .updateTable('trials')
          .set({ status: 'failed', updated_at: clock() })
          .where('id', '=', origin.id)
          .execute();
      }
      await recordAudit(tx, {
        accountId,
        customerId: id,
        actor: 'admin',
        action: 'salvage_transaction.created',
        subjectType: 'salvage_transaction',
        subjectId: created.id,
        data: { source: input.source, amount: created.amount, currency: created.currency },
        requestId: c.get('requestId'),
      });
      await addCustomerNote(tx, {
        accountId,
        customerId: id,
        source: 'admin',
        body:
          input.source === 'renewal'
            ? `Renewal of ${origin.product_name} failed; payment due (recorded by merchant)`
            : `Trial expiration of ${origin.product_name} failed; payment due (recorded by merchant)`,
      });
      return created;
    });
    return c.json(toSalvageTransaction(row), 201);
  })
  .get(
    '/:id/salvage-transactions',
    ...listForCustomer('salvage_transactions', toSalvageTransaction),
  )
  .get('/:id/transactions', ...listForCustomer('transactions', toCustomerTransaction));
