import { type Db, transaction } from '@portico/db';
import { recordAudit } from '../audit/audit.js';
import { consumeCode, issueCode, voidCodes } from '../codes/email-codes.js';
import { findEligibleByEmail } from '../customers/eligibility.js';
import { passwordChangedSettings, queuePortalEmail } from '../mail/message.js';
import type { PortalRecord } from '../portals/portal-record.js';
import { revokeCustomerSessions } from '../sessions/sessions.js';

interface Meta {
  requestId: string;
  ip: string;
}

export type ResetRequestOutcome =
  | { kind: 'code_sent'; customerId: string }
  | { kind: 'send_limited'; customerId: string }
  | { kind: 'not_eligible' };

/** Sends a reset code to an eligible customer that has a portal login; otherwise nothing. */
export async function requestPasswordReset(
  db: Db,
  secret: string,
  portal: PortalRecord,
  email: string,
  meta: Meta,
  now: Date,
): Promise<ResetRequestOutcome> {
  return transaction(db, async (tx) => {
    const customer = await findEligibleByEmail(tx, portal, email);
    if (!customer) return { kind: 'not_eligible' };
    const login = await tx
      .selectFrom('customer_logins')
      .select('customer_id')
      .where('customer_id', '=', customer.id)
      .executeTakeFirst();
    if (!login) return { kind: 'not_eligible' };
    const issued = await issueCode(
      tx,
      secret,
      {
        accountId: portal.accountId,
        portalId: portal.id,
        customerId: customer.id,
        purpose: 'reset',
      },
      now,
    );
    if ('limited' in issued) return { kind: 'send_limited', customerId: customer.id };
    await queuePortalEmail(tx, {
      accountId: portal.accountId,
      smtpProfileId: portal.smtpProfileId,
      to: customer.email,
      settings: portal.passwordResetEmail,
      vars: {
        email_code: issued.code,
        customer_first_name: customer.first_name,
        portal_display_name: portal.displayName,
      },
      template: 'reset',
    });
    await recordAudit(tx, {
      accountId: portal.accountId,
      portalId: portal.id,
      customerId: customer.id,
      actor: 'shopper',
      action: 'portal.password_reset_requested',
      requestId: meta.requestId,
      ip: meta.ip,
    });
    return { kind: 'code_sent', customerId: customer.id };
  });
}

/**
 * Checks the reset code (atomically), then sets the new password, revokes every session and
 * outstanding code of the customer and queues a notice, all in one transaction.
 */
export async function confirmPasswordReset(
  db: Db,
  secret: string,
  portal: PortalRecord,
  input: { email: string; code: string; hashNewPassword: () => Promise<string> },
  meta: Meta,
  now: () => Date,
): Promise<
  | {
      ok: true;
      customer: { id: string; email: string; first_name: string | null };
      revoked: number;
    }
  | { ok: false }
> {
  const customer = await findEligibleByEmail(db, portal, input.email);
  if (!customer) return { ok: false };
  const scope = {
    accountId: portal.accountId,
    portalId: portal.id,
    customerId: customer.id,
    purpose: 'reset' as const,
  };
  if (!(await consumeCode(db, secret, scope, input.code, now()))) return { ok: false };
  const hash = await input.hashNewPassword();
  return transaction(db, async (tx) => {
    const at = now();
    const updated = await tx
      .updateTable('customer_logins')
      .set((eb) => ({
        password_hash: hash,
        password_changed_at: at,
        // The code came to this inbox: that confirms the email too.
        confirmed_at: eb.fn.coalesce('confirmed_at', eb.val(at)),
      }))
      .where('customer_id', '=', customer.id)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return { ok: false as const };
    const revoked = await revokeCustomerSessions(tx, customer.id, at, 'password_reset');
    await voidCodes(tx, customer.id, at);
    await queuePortalEmail(tx, {
      accountId: portal.accountId,
      smtpProfileId: portal.smtpProfileId,
      to: customer.email,
      settings: passwordChangedSettings(portal.passwordResetEmail),
      vars: { customer_first_name: customer.first_name, portal_display_name: portal.displayName },
      template: 'password_changed',
    });
    await recordAudit(tx, {
      accountId: portal.accountId,
      portalId: portal.id,
      customerId: customer.id,
      actor: 'shopper',
      action: 'portal.password_reset',
      data: { sessions_revoked: revoked },
      requestId: meta.requestId,
      ip: meta.ip,
    });
    return { ok: true as const, customer, revoked };
  });
}
