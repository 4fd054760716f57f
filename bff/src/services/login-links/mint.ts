import type { Db } from '@portico/db';
import {
  DEEP_LINK_PERMISSIONS,
  type DeepLink,
  deepLinkAllowed,
  type LoginLinkCreate,
  type LoginLinkCreated,
} from '@portico/shared';
import { ApiError, notFound } from '../../http/api-error.js';
import { recordAudit } from '../audit/audit.js';
import { findEligibleById } from '../customers/eligibility.js';
import { findOwned, type Owner } from '../ownership/owned.js';
import { hashLoginLinkToken, loginLinkUrl, newLoginLinkToken } from './token.js';

export interface MintContext {
  accountId: string;
  apiKeyId: string;
  requestId: string;
  secret: string;
  now: Date;
}

/** The ids a deep link names must be this customer's (404), and in a state the flow fits. */
async function checkDeepLinkSubject(db: Db, owner: Owner, link: DeepLink): Promise<void> {
  if (link.flow === 'pay_salvage') {
    const salvage = await findOwned(db, 'salvage_transactions', owner, link.salvage_transaction_id);
    if (!salvage) throw notFound('salvage transaction');
    if (salvage.status !== 'pending')
      throw new ApiError('invalid_state', `the salvage transaction is ${salvage.status}`, {
        status: salvage.status,
      });
    return;
  }
  const subscriptionId = 'subscription_id' in link ? link.subscription_id : undefined;
  if (!subscriptionId) return;
  const sub = await findOwned(db, 'subscriptions', owner, subscriptionId);
  if (!sub) throw notFound('subscription');
  if (link.flow === 'cancel_subscription' && sub.status === 'cancelled')
    throw new ApiError('invalid_state', 'the subscription is already cancelled', {
      status: sub.status,
    });
}

/**
 * Mints a single-use login link for one customer on one portal. Checks, in order: the
 * portal (404) and that it is enabled (409), the customer (404) and that the portal admits
 * them now (422 customer_not_eligible), the deep link's permission (422
 * deep_link_not_permitted) and subjects (404 / 409). Only the token's HMAC is stored.
 */
export async function mintLoginLink(
  db: Db,
  ctx: MintContext,
  portalId: string,
  input: LoginLinkCreate,
): Promise<LoginLinkCreated> {
  const portal = await db
    .selectFrom('portals')
    .innerJoin('tracking_domains', 'tracking_domains.id', 'portals.tracking_domain_id')
    .select([
      'portals.id',
      'portals.enabled',
      'portals.permissions',
      'portals.campaign_ids',
      'portals.shop_ids',
      'tracking_domains.hostname',
    ])
    .where('portals.id', '=', portalId)
    .where('portals.account_id', '=', ctx.accountId)
    .executeTakeFirst();
  if (!portal) throw notFound('portal');
  if (!portal.enabled) throw new ApiError('invalid_state', 'the portal is disabled');

  const owner = { accountId: ctx.accountId, customerId: input.customer_id };
  const customer = await db
    .selectFrom('customers')
    .select('id')
    .where('id', '=', input.customer_id)
    .where('account_id', '=', ctx.accountId)
    .executeTakeFirst();
  if (!customer) throw notFound('customer');
  const filters = {
    accountId: ctx.accountId,
    campaignIds: portal.campaign_ids,
    shopIds: portal.shop_ids,
  };
  if (!(await findEligibleById(db, filters, customer.id)))
    throw new ApiError(
      'customer_not_eligible',
      "the customer is disabled or outside this portal's campaign and shop filters",
    );

  const deepLink = input.deep_link ?? null;
  if (deepLink) {
    if (!deepLinkAllowed(deepLink.flow, portal.permissions))
      throw new ApiError(
        'deep_link_not_permitted',
        `this portal does not allow the ${deepLink.flow} flow`,
        { flow: deepLink.flow, needs_one_of: DEEP_LINK_PERMISSIONS[deepLink.flow] },
      );
    await checkDeepLinkSubject(db, owner, deepLink);
  }

  const token = newLoginLinkToken();
  const expiresAt = new Date(ctx.now.getTime() + input.ttl_seconds * 1000);
  const hostname = portal.hostname.toLowerCase();
  const row = await db.transaction().execute(async (tx) => {
    const created = await tx
      .insertInto('login_links')
      .values({
        account_id: ctx.accountId,
        portal_id: portal.id,
        customer_id: customer.id,
        token_hash: hashLoginLinkToken(ctx.secret, token),
        tracking_domain: hostname,
        deep_link: deepLink ? JSON.stringify(deepLink) : null,
        expires_at: expiresAt,
        created_by_api_key_id: ctx.apiKeyId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Never the token: the audit trail must not be a way in.
    await recordAudit(tx, {
      accountId: ctx.accountId,
      portalId: portal.id,
      customerId: customer.id,
      actor: 'admin',
      action: 'login_link.created',
      subjectType: 'login_link',
      subjectId: created.id,
      data: {
        api_key_id: ctx.apiKeyId,
        expires_at: expiresAt.toISOString(),
        deep_link: deepLink,
      },
      requestId: ctx.requestId,
    });
    return created;
  });
  return {
    id: row.id,
    url: loginLinkUrl(hostname, portal.id, token),
    expires_at: expiresAt.toISOString(),
  };
}
