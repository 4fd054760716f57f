import { type Db, transaction } from '@portico/db';
import { sql } from 'kysely';
import { recordAudit } from '../audit/audit.js';
import { issueCode } from '../codes/email-codes.js';
import { findEligibleById } from '../customers/eligibility.js';
import { queuePortalEmail } from '../mail/message.js';
import type { PortalRecord } from '../portals/portal-record.js';

export type RegisterOutcome =
  | { kind: 'code_sent'; customerId: string; created: boolean }
  | { kind: 'send_limited'; customerId: string }
  | { kind: 'already_registered'; customerId: string }
  | { kind: 'not_eligible' };

/**
 * Registration behind the always-202 answer. The password was hashed by the caller before
 * this runs, whatever the outcome, so every path spends the same argon2 time.
 */
export async function registerShopper(
  db: Db,
  secret: string,
  portal: PortalRecord,
  input: {
    email: string;
    passwordHash: string;
    firstName?: string | null | undefined;
    lastName?: string | null | undefined;
    requestId: string;
    ip: string;
  },
  now: Date,
): Promise<RegisterOutcome> {
  return registerInTransaction(db, secret, portal, input, now).catch((err) => {
    if (err instanceof NotEligible) return { kind: 'not_eligible' } as const;
    throw err;
  });
}

/** Thrown to roll back a registration that turned out to be ineligible. */
class NotEligible extends Error {}

function registerInTransaction(
  db: Db,
  secret: string,
  portal: PortalRecord,
  input: Parameters<typeof registerShopper>[3],
  now: Date,
): Promise<RegisterOutcome> {
  return transaction(db, async (tx) => {
    let created = false;
    let customer = await tx
      .selectFrom('customers')
      .select(['id', 'first_name'])
      .where('account_id', '=', portal.accountId)
      .where(sql<boolean>`lower(email) = ${input.email}`)
      .executeTakeFirst();
    if (customer) {
      if (!(await findEligibleById(tx, portal, customer.id))) return { kind: 'not_eligible' };
    } else {
      if (!portal.createNonExistingCustomer) return { kind: 'not_eligible' };
      customer = await tx
        .insertInto('customers')
        .values({
          account_id: portal.accountId,
          email: input.email,
          first_name: input.firstName ?? null,
          last_name: input.lastName ?? null,
          metadata: '{}',
        })
        .onConflict((oc) => oc.doNothing())
        .returning(['id', 'first_name'])
        .executeTakeFirst();
      // A parallel registration created it first; that one carries on.
      if (!customer) return { kind: 'not_eligible' };
      created = true;
      if (portal.nonExistingCustomerCampaignId) {
        await tx
          .insertInto('customer_campaigns')
          .values({
            customer_id: customer.id,
            campaign_id: portal.nonExistingCustomerCampaignId,
            account_id: portal.accountId,
          })
          .execute();
      }
      // A new customer the portal's own filters would refuse is not created at all.
      if (!(await findEligibleById(tx, portal, customer.id))) throw new NotEligible();
      await recordAudit(tx, {
        accountId: portal.accountId,
        portalId: portal.id,
        customerId: customer.id,
        actor: 'shopper',
        action: 'customer.created_by_portal',
        subjectType: 'customer',
        subjectId: customer.id,
        requestId: input.requestId,
        ip: input.ip,
      });
    }
    const login = await tx
      .selectFrom('customer_logins')
      .select(['confirmed_at'])
      .where('customer_id', '=', customer.id)
      .forUpdate()
      .executeTakeFirst();
    // A confirmed login keeps its password: registering again changes nothing.
    if (login?.confirmed_at) return { kind: 'already_registered', customerId: customer.id };
    const issued = await issueCode(
      tx,
      secret,
      {
        accountId: portal.accountId,
        portalId: portal.id,
        customerId: customer.id,
        purpose: 'confirm',
      },
      now,
      input.passwordHash,
    );
    if ('limited' in issued) return { kind: 'send_limited', customerId: customer.id };
    // The login stays unusable until confirmed; confirming applies the code's own hash.
    await tx
      .insertInto('customer_logins')
      .values({
        customer_id: customer.id,
        account_id: portal.accountId,
        password_hash: input.passwordHash,
      })
      .onConflict((oc) => oc.column('customer_id').doNothing())
      .execute();
    await queuePortalEmail(tx, {
      accountId: portal.accountId,
      smtpProfileId: portal.smtpProfileId,
      to: input.email,
      settings: portal.confirmationEmail,
      vars: {
        email_code: issued.code,
        customer_first_name: customer.first_name,
        portal_display_name: portal.displayName,
      },
      template: 'confirm',
    });
    await recordAudit(tx, {
      accountId: portal.accountId,
      portalId: portal.id,
      customerId: customer.id,
      actor: 'shopper',
      action: 'portal.registration_requested',
      requestId: input.requestId,
      ip: input.ip,
    });
    return { kind: 'code_sent', customerId: customer.id, created };
  });
}
