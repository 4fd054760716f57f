import { TransactionListQuery } from '@portico/shared';
import { Hono } from 'hono';
import { notFound } from '../../http/api-error.js';
import type { AppEnv } from '../../http/context.js';
import { idParam } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { portalRecord } from '../../middleware/portal.js';
import { newNonce, receiptCsp, renderReceipt } from '../../services/history/receipt-html.js';
import { findReceipt, listTransactions } from '../../services/history/transactions.js';

/**
 * Payment history (read only, no permission needed, like the account overview):
 * GET /            the shopper's charges, newest first, keyset-paged
 * GET /:id/receipt a printable HTML receipt for one of their succeeded charges; anything
 *                  else (another customer's, failed, pending, unknown) is the same 404
 */
export const transactions = new Hono<AppEnv>()
  .get('/', validate('query', TransactionListQuery), async (c) =>
    c.json(await listTransactions(c.get('deps').db, c.get('shopper'), c.req.valid('query'))),
  )
  .get('/:id/receipt', async (c) => {
    const id = idParam(c.req.param('id'), 'transaction');
    const facts = await findReceipt(c.get('deps').db, c.get('shopper'), id);
    if (!facts) throw notFound('transaction');
    const portal = portalRecord(c);
    const nonce = newNonce();
    c.header('Content-Security-Policy', receiptCsp(nonce));
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
    return c.html(
      renderReceipt(facts, { displayName: portal.displayName, locale: portal.locale }, nonce),
    );
  });
