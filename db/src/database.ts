import type { AccountsTable } from './tables/accounts.js';
import type { ApiKeysTable } from './tables/api-keys.js';
import type { AuditEventsTable } from './tables/audit-events.js';
import type { CampaignsTable } from './tables/campaigns.js';
import type { CustomerCardsTable } from './tables/customer-cards.js';
import type { CustomerGroupMembersTable, CustomerGroupsTable } from './tables/customer-groups.js';
import type { CustomerNotesTable } from './tables/customer-notes.js';
import type { CustomerOverviewChangesTable } from './tables/customer-overview-changes.js';
import type {
  CustomerCampaignsTable,
  CustomerLoginsTable,
  CustomerShopsTable,
  CustomersTable,
} from './tables/customers.js';
import type { EmailCodesTable } from './tables/email-codes.js';
import type { IdempotencyKeysTable } from './tables/idempotency-keys.js';
import type { LoginLinksTable } from './tables/login-links.js';
import type { DevMailsTable, OutboxTable } from './tables/outbox.js';
import type { PortalsTable } from './tables/portals.js';
import type { RateLimitCountersTable } from './tables/rate-limits.js';
import type { SalvageTransactionsTable } from './tables/salvage-transactions.js';
import type {
  SandboxGatewayChargesTable,
  SandboxGatewayRefundsTable,
  SandboxGatewayTokensTable,
} from './tables/sandbox-gateway.js';
import type { SessionsTable } from './tables/sessions.js';
import type { ShopsTable } from './tables/shops.js';
import type { SmtpProfilesTable } from './tables/smtp-profiles.js';
import type { SubscriptionsTable } from './tables/subscriptions.js';
import type { TrackingDomainsTable } from './tables/tracking-domains.js';
import type { TransactionsTable } from './tables/transactions.js';
import type { TrialsTable } from './tables/trials.js';
import type {
  WebhookDeliveriesTable,
  WebhookDeliveryAttemptsTable,
  WebhookEndpointsTable,
} from './tables/webhooks.js';

export interface Database {
  accounts: AccountsTable;
  api_keys: ApiKeysTable;
  tracking_domains: TrackingDomainsTable;
  smtp_profiles: SmtpProfilesTable;
  campaigns: CampaignsTable;
  shops: ShopsTable;
  customers: CustomersTable;
  customer_logins: CustomerLoginsTable;
  customer_campaigns: CustomerCampaignsTable;
  customer_shops: CustomerShopsTable;
  customer_groups: CustomerGroupsTable;
  customer_group_members: CustomerGroupMembersTable;
  customer_notes: CustomerNotesTable;
  customer_overview_changes: CustomerOverviewChangesTable;
  customer_cards: CustomerCardsTable;
  subscriptions: SubscriptionsTable;
  trials: TrialsTable;
  salvage_transactions: SalvageTransactionsTable;
  transactions: TransactionsTable;
  portals: PortalsTable;
  sessions: SessionsTable;
  login_links: LoginLinksTable;
  email_codes: EmailCodesTable;
  rate_limit_counters: RateLimitCountersTable;
  idempotency_keys: IdempotencyKeysTable;
  audit_events: AuditEventsTable;
  outbox: OutboxTable;
  dev_mails: DevMailsTable;
  sandbox_gateway_tokens: SandboxGatewayTokensTable;
  sandbox_gateway_charges: SandboxGatewayChargesTable;
  sandbox_gateway_refunds: SandboxGatewayRefundsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_delivery_attempts: WebhookDeliveryAttemptsTable;
}
