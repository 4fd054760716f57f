import { assertTransaction, type Tx } from '@portico/db';
import { EMAIL_CODE_PLACEHOLDER, type PortalCreate } from '@portico/shared';
import { ApiError } from '../../http/api-error.js';
import { assertInAccount } from '../customers/customers.js';

/** A portal's full settings, as created or after an edit is merged onto the stored row. */
export type PortalSettings = PortalCreate;

const EMAILS = ['confirmation_email', 'password_reset_email'] as const;

/**
 * CreateCustomerPortal's rules, checked inside the transaction that writes the portal.
 * Every reference must belong to the caller's account: another account's id gets the same
 * answer as an unknown one. Returns the tracking domain's hostname for the response.
 */
export async function checkPortalRules(
  tx: Tx,
  accountId: string,
  s: PortalSettings,
): Promise<{ hostname: string }> {
  assertTransaction(tx);
  const hostname = await readyTrackingDomain(tx, accountId, s.tracking_domain_id);

  const smtp = await tx
    .selectFrom('smtp_profiles')
    .select('from_email')
    .where('id', '=', s.smtp_profile_id)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!smtp)
    throw new ApiError('smtp_profile_not_found', 'no such SMTP profile in this account', {
      field: 'smtp_profile_id',
    });

  const withoutCode = EMAILS.filter((e) => !s[e].html.includes(EMAIL_CODE_PLACEHOLDER));
  if (withoutCode.length > 0)
    throw new ApiError(
      'email_code_missing',
      `each email's html must contain ${EMAIL_CODE_PLACEHOLDER}, or shoppers cannot confirm or reset`,
      { emails: withoutCode },
    );

  const sender = smtp.from_email.toLowerCase();
  const mismatched = EMAILS.filter((e) => s[e].from.toLowerCase() !== sender);
  if (mismatched.length > 0)
    throw new ApiError(
      'email_from_mismatch',
      "each email's from must equal the SMTP profile's from_email",
      { emails: mismatched, expected: smtp.from_email },
    );

  await assertInAccount(
    tx,
    'campaigns',
    accountId,
    s.campaign_ids,
    'campaign_not_found',
    'campaign_ids',
  );
  await assertInAccount(tx, 'shops', accountId, s.shop_ids, 'shop_not_found', 'shop_ids');

  const nonExisting = s.non_existing_customer_campaign_id ?? null;
  if (s.create_non_existing_customer && nonExisting === null)
    throw new ApiError('validation_failed', 'the body is not valid', {
      issues: [
        {
          path: 'non_existing_customer_campaign_id',
          code: 'required',
          message: 'required when create_non_existing_customer is true',
        },
      ],
    });
  if (nonExisting !== null)
    await assertInAccount(
      tx,
      'campaigns',
      accountId,
      [nonExisting],
      'campaign_not_found',
      'non_existing_customer_campaign_id',
    );

  return { hostname };
}

/** The hostname of a tracking domain of this account that is DNS-ready with SSL active. */
export async function readyTrackingDomain(
  tx: Tx,
  accountId: string,
  trackingDomainId: string,
): Promise<string> {
  const domain = await tx
    .selectFrom('tracking_domains')
    .select(['hostname', 'dns_ready', 'ssl_active'])
    .where('id', '=', trackingDomainId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!domain)
    throw new ApiError('tracking_domain_not_ready', 'no such tracking domain in this account', {
      field: 'tracking_domain_id',
    });
  if (!domain.dns_ready || !domain.ssl_active)
    throw new ApiError(
      'tracking_domain_not_ready',
      'the tracking domain must be DNS-ready with SSL active; verify it first',
      { field: 'tracking_domain_id', dns_ready: domain.dns_ready, ssl_active: domain.ssl_active },
    );
  return domain.hostname;
}
