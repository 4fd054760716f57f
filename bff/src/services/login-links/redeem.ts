import type { Db, Tx } from '@portico/db';
import { type DeepLink, deepLinkAllowed } from '@portico/shared';
import { recordAudit } from '../audit/audit.js';
import { type EligibleCustomer, findEligibleById } from '../customers/eligibility.js';
import type { PortalRecord } from '../portals/portal-record.js';
import { createSession, revokeSession, type SessionRow } from '../sessions/sessions.js';
import { hashLoginLinkToken } from './token.js';

export type RedeemOutcome =
  | {
      kind: 'ok';
      linkId: string;
      session: SessionRow;
      customer: EligibleCustomer;
      deepLink: DeepLink | null;
    }
  /** Unknown, altered, another portal's, or for a customer the portal no longer admits. */
  | { kind: 'invalid'; linkId?: string; customerId?: string }
  | { kind: 'used'; linkId: string; customerId: string }
  | { kind: 'expired'; linkId: string; customerId: string };

export interface RedeemContext {
  secret: string;
  now: Date;
  requestId: string;
  ip: string | undefined;
  userAgent: string | undefined;
  /** The session the browser carried, revoked when the new one starts (rotation). */
  previousSessionId: string | undefined;
}

/**
 * Redeems a login link on the portal it was minted for, atomically: one conditional UPDATE
 * marks it used (Postgres re-checks `used_at is null` after a concurrent update, so of
 * parallel redemptions exactly one wins), and the session, its link back and the audit
 * event commit with it. A link whose customer is no longer admitted is burned, not honoured.
 */
export async function redeemLoginLink(
  db: Db,
  portal: PortalRecord,
  token: string,
  ctx: RedeemContext,
): Promise<RedeemOutcome> {
  const tokenHash = hashLoginLinkToken(ctx.secret, token);
  return db.transaction().execute(async (tx): Promise<RedeemOutcome> => {
    const link = await tx
      .updateTable('login_links')
      .set({ used_at: ctx.now })
      .where('token_hash', '=', tokenHash)
      .where('portal_id', '=', portal.id)
      .where('account_id', '=', portal.accountId)
      .where('tracking_domain', '=', portal.trackingDomain)
      .where('used_at', 'is', null)
      .where('expires_at', '>', ctx.now)
      .returning(['id', 'customer_id', 'deep_link'])
      .executeTakeFirst();
    if (!link) return whyNot(tx, portal, tokenHash);

    const customer = await findEligibleById(tx, portal, link.customer_id);
    const audit = (action: string, data: Record<string, unknown>) =>
      recordAudit(tx, {
        accountId: portal.accountId,
        portalId: portal.id,
        customerId: link.customer_id,
        actor: 'shopper',
        action,
        subjectType: 'login_link',
        subjectId: link.id,
        data,
        requestId: ctx.requestId,
        ip: ctx.ip ?? null,
      });
    if (!customer) {
      await audit('login_link.refused', { why: 'customer_ineligible' });
      return { kind: 'invalid', linkId: link.id, customerId: link.customer_id };
    }
    if (ctx.previousSessionId) await revokeSession(tx, ctx.previousSessionId, ctx.now, 'rotated');
    const session = await createSession(tx, {
      accountId: portal.accountId,
      portalId: portal.id,
      customerId: customer.id,
      now: ctx.now,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    await tx
      .updateTable('login_links')
      .set({ session_id: session.id })
      .where('id', '=', link.id)
      .execute();
    // A flow switched off since the link was minted is dropped: the shopper lands on the
    // overview, where only permitted actions show.
    const deepLink =
      link.deep_link && deepLinkAllowed(link.deep_link.flow, portal.permissions)
        ? link.deep_link
        : null;
    await audit('login_link.redeemed', { session_id: session.id, deep_link: deepLink });
    return { kind: 'ok', linkId: link.id, session, customer, deepLink };
  });
}

/** Tells a used or expired link of this portal apart; anything else is just invalid. */
async function whyNot(tx: Tx, portal: PortalRecord, tokenHash: string): Promise<RedeemOutcome> {
  const row = await tx
    .selectFrom('login_links')
    .select(['id', 'customer_id', 'used_at', 'portal_id', 'account_id', 'tracking_domain'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  const ours =
    row?.portal_id === portal.id &&
    row.account_id === portal.accountId &&
    row.tracking_domain === portal.trackingDomain;
  if (!row || !ours) return { kind: 'invalid' };
  if (row.used_at) return { kind: 'used', linkId: row.id, customerId: row.customer_id };
  return { kind: 'expired', linkId: row.id, customerId: row.customer_id };
}
