import type { Db } from '@portico/db';
import type { Address, ContactUpdate } from '@portico/shared';
import { ApiError } from '../../http/api-error.js';
import { isEmailTaken } from '../customers/customers.js';
import { verifyDummy, verifyPassword } from '../passwords/hasher.js';
import { type ActionContext, recordShopperEvent } from '../shopper-events/shopper-events.js';

/**
 * Names, phone, company, billing address and email. A changed email must stay unique in the
 * account and needs the current password (checked with argon2 against the login's hash).
 */
export async function updateContact(db: Db, ctx: ActionContext, input: ContactUpdate) {
  const { shopper } = ctx;
  const current = await db
    .selectFrom('customers')
    .leftJoin('customer_logins', 'customer_logins.customer_id', 'customers.id')
    .select(['customers.email', 'customer_logins.password_hash'])
    .where('customers.id', '=', shopper.customerId)
    .where('customers.account_id', '=', shopper.accountId)
    .executeTakeFirstOrThrow();
  const emailChanges = input.email !== undefined && input.email !== current.email.toLowerCase();
  if (emailChanges) {
    if (!input.current_password) {
      throw new ApiError('validation_failed', 'changing the email needs your current password', {
        issues: [{ path: 'current_password', code: 'required', message: 'required' }],
      });
    }
    // Through the hasher: its concurrency cap holds here too, and a customer without a login
    // spends the same argon2 time as one with a wrong password.
    const ok = current.password_hash
      ? await verifyPassword(current.password_hash, input.current_password)
      : await verifyDummy(input.current_password);
    if (!ok) {
      throw new ApiError('current_password_incorrect', 'the current password is not correct');
    }
  }
  const { current_password: _, email, ...rest } = input;
  /** What the shopper changed, as sent (never the password): the webhook carries it. */
  const submitted = emailChanges ? { ...rest, email } : rest;
  const changes = {
    ...rest,
    ...(rest.bill_to !== undefined
      ? { bill_to: rest.bill_to === null ? null : JSON.stringify(rest.bill_to as Address) }
      : {}),
    ...(emailChanges ? { email } : {}),
  };
  try {
    return await db.transaction().execute(async (tx) => {
      const updated = await tx
        .updateTable('customers')
        .set({ ...changes, updated_at: ctx.now })
        .where('id', '=', shopper.customerId)
        .where('account_id', '=', shopper.accountId)
        .returningAll()
        .executeTakeFirstOrThrow();
      await recordShopperEvent(tx, ctx, {
        type: 'customer.updated',
        subjectType: 'customer',
        subjectId: shopper.customerId,
        note: emailChanges ? 'Changed contact details and email' : 'Changed contact details',
        data: { fields: Object.keys(changes).sort(), changes: submitted },
      });
      return updated;
    });
  } catch (err) {
    if (isEmailTaken(err)) {
      throw new ApiError('email_taken', 'another customer already uses this email');
    }
    throw err;
  }
}

export async function updateCustomerShipTo(db: Db, ctx: ActionContext, shipTo: Address) {
  const { shopper } = ctx;
  return db.transaction().execute(async (tx) => {
    await tx
      .updateTable('customers')
      .set({ ship_to: JSON.stringify(shipTo), updated_at: ctx.now })
      .where('id', '=', shopper.customerId)
      .where('account_id', '=', shopper.accountId)
      .executeTakeFirstOrThrow();
    await recordShopperEvent(tx, ctx, {
      type: 'customer.ship_to_updated',
      subjectType: 'customer',
      subjectId: shopper.customerId,
      note: 'Changed the ship-to address',
      data: { ship_to: shipTo },
    });
  });
}
