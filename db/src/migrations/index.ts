import type { Migration } from 'kysely/migration';
import * as initial from './2026-11-25-0001-initial.js';
import * as emailCodePendingPassword from './2026-11-25-0300-email-code-pending-password.js';
import * as sandboxGateway from './2026-11-25-0400-sandbox-gateway.js';
import * as chargeLeases from './2026-11-25-0401-charge-leases.js';
import * as loginLinks from './2026-11-25-0500-login-links.js';
import * as cancelFlow from './2026-11-25-0501-cancel-flow.js';
import * as webhooks from './2026-11-25-0600-webhooks.js';
import * as customerSearchPrefix from './2026-11-25-0700-customer-search-prefix.js';
import * as customerSearchDocument from './2026-11-25-0800-customer-search-document.js';
import * as portalConfigVersion from './2026-11-25-0900-portal-config-version.js';
import * as customerOverviewChanges from './2026-12-07-0100-customer-overview-changes.js';
import * as customerSearchDigitGrams from './2026-12-07-0200-customer-search-digit-grams.js';

/** Explicit barrel: bundlers and test runners defeat file-system migration providers. */
export const migrations: Record<string, Migration> = {
  '2026-11-25-0001-initial': initial,
  '2026-11-25-0300-email-code-pending-password': emailCodePendingPassword,
  '2026-11-25-0400-sandbox-gateway': sandboxGateway,
  '2026-11-25-0401-charge-leases': chargeLeases,
  '2026-11-25-0500-login-links': loginLinks,
  '2026-11-25-0501-cancel-flow': cancelFlow,
  '2026-11-25-0600-webhooks': webhooks,
  '2026-11-25-0700-customer-search-prefix': customerSearchPrefix,
  '2026-11-25-0800-customer-search-document': customerSearchDocument,
  '2026-11-25-0900-portal-config-version': portalConfigVersion,
  '2026-12-07-0100-customer-overview-changes': customerOverviewChanges,
  '2026-12-07-0200-customer-search-digit-grams': customerSearchDigitGrams,
};
