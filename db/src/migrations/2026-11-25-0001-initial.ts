import { type Kysely, sql } from 'kysely';

// Frozen in time: this file imports nothing from the app.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  // One statement per call: PGlite's extended protocol runs a single statement at a time.
  for (const statement of SCHEMA.split(/;\s*\n/).filter((s) => s.trim())) {
    await sql.raw(statement).execute(db);
  }
}

const SCHEMA = `
create table accounts (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  created_at timestamptz not null default now()
);

create table api_keys (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  name text not null,
  prefix text not null unique,
  key_hash text not null unique,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_keys_account on api_keys(account_id);

create table tracking_domains (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  hostname text not null unique,
  dns_ready boolean not null default false,
  ssl_active boolean not null default false,
  verified_at timestamptz,
  last_check_error text,
  created_at timestamptz not null default now()
);
create index tracking_domains_account on tracking_domains(account_id, created_at, id);

create table smtp_profiles (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  name text not null,
  from_email text not null,
  from_name text not null,
  transport text not null check (transport in ('postmark', 'dev_outbox')),
  postmark_server_token text,
  created_at timestamptz not null default now(),
  check (transport <> 'postmark' or postmark_server_token is not null)
);
create index smtp_profiles_account on smtp_profiles(account_id, created_at, id);

create table campaigns (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  name text not null,
  description text,
  created_at timestamptz not null default now()
);
create index campaigns_account on campaigns(account_id, created_at, id);

create table shops (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  name text not null,
  platform text not null,
  url text,
  created_at timestamptz not null default now()
);
create index shops_account on shops(account_id, created_at, id);

create table customers (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  first_name text,
  last_name text,
  company text,
  email text not null,
  phone text,
  bill_to jsonb,
  ship_to jsonb,
  internal_id text,
  external_id text,
  status text not null default 'enabled' check (status in ('enabled', 'disabled')),
  metadata jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index customers_account_email on customers(account_id, lower(email));
create index customers_account_order on customers(account_id, created_at, id);
create index customers_account_internal_id on customers(account_id, internal_id);
create index customers_search_email_trgm on customers using gin (lower(email) gin_trgm_ops);
create index customers_search_name_trgm on customers
  using gin (lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '')) gin_trgm_ops);
create index customers_search_phone_trgm on customers using gin (phone gin_trgm_ops);
create index customers_search_internal_trgm on customers using gin (lower(internal_id) gin_trgm_ops);

create table customer_logins (
  customer_id uuid primary key references customers(id) on delete cascade,
  account_id uuid not null references accounts(id) on delete cascade,
  password_hash text not null,
  confirmed_at timestamptz,
  password_changed_at timestamptz not null default now(),
  created_at timestamptz not null default now()
);

create table customer_campaigns (
  customer_id uuid not null references customers(id) on delete cascade,
  campaign_id uuid not null references campaigns(id) on delete cascade,
  account_id uuid not null references accounts(id) on delete cascade,
  primary key (customer_id, campaign_id)
);
create index customer_campaigns_campaign on customer_campaigns(campaign_id);

create table customer_shops (
  customer_id uuid not null references customers(id) on delete cascade,
  shop_id uuid not null references shops(id) on delete cascade,
  account_id uuid not null references accounts(id) on delete cascade,
  primary key (customer_id, shop_id)
);
create index customer_shops_shop on customer_shops(shop_id);

create table customer_groups (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  name text not null,
  created_at timestamptz not null default now()
);
create index customer_groups_account on customer_groups(account_id, created_at, id);

create table customer_group_members (
  group_id uuid not null references customer_groups(id) on delete cascade,
  customer_id uuid not null references customers(id) on delete cascade,
  account_id uuid not null references accounts(id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (group_id, customer_id)
);
create index customer_group_members_customer on customer_group_members(customer_id);

create table customer_notes (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  customer_id uuid not null references customers(id) on delete cascade,
  portal_id uuid,
  source text not null check (source in ('admin', 'portal', 'system')),
  body text not null,
  created_at timestamptz not null default now()
);
create index customer_notes_customer on customer_notes(customer_id, created_at);

create table customer_cards (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  customer_id uuid not null references customers(id) on delete cascade,
  gateway text not null,
  gateway_token text not null,
  brand text not null,
  last4 text not null check (last4 ~ '^[0-9]{4}$'),
  exp_month int not null check (exp_month between 1 and 12),
  exp_year int not null,
  fingerprint text not null,
  is_default boolean not null default false,
  created_at timestamptz not null default now(),
  removed_at timestamptz
);
create index customer_cards_customer on customer_cards(customer_id) where removed_at is null;
create unique index customer_cards_one_default on customer_cards(customer_id)
  where is_default and removed_at is null;

create table subscriptions (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  customer_id uuid not null references customers(id) on delete cascade,
  campaign_id uuid references campaigns(id) on delete set null,
  product_name text not null,
  amount int not null check (amount > 0),
  currency text not null,
  interval text not null check (interval in ('day', 'week', 'month', 'year')),
  interval_count int not null default 1 check (interval_count > 0),
  status text not null check (status in ('active', 'suspended', 'cancelled')),
  next_renewal_at timestamptz,
  ship_to jsonb,
  card_id uuid references customer_cards(id) on delete set null,
  cancel_reason text,
  cancel_comment text,
  cancelled_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index subscriptions_customer on subscriptions(customer_id, created_at);

create table trials (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  customer_id uuid not null references customers(id) on delete cascade,
  product_name text not null,
  expiration_amount int not null check (expiration_amount > 0),
  currency text not null,
  interval text not null check (interval in ('day', 'week', 'month', 'year')),
  interval_count int not null default 1,
  status text not null check (status in ('active', 'expired', 'cancelled', 'failed')),
  expires_at timestamptz not null,
  subscription_id uuid references subscriptions(id) on delete set null,
  ship_to jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index trials_customer on trials(customer_id, created_at);

create table salvage_transactions (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  customer_id uuid not null references customers(id) on delete cascade,
  source text not null check (source in ('renewal', 'trial_expiration')),
  subscription_id uuid references subscriptions(id) on delete cascade,
  trial_id uuid references trials(id) on delete cascade,
  product_name text not null,
  amount int not null check (amount > 0),
  currency text not null,
  status text not null check (status in ('pending', 'processing', 'paid', 'voided')),
  paid_at timestamptz,
  paid_transaction_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((source = 'renewal' and subscription_id is not null)
      or (source = 'trial_expiration' and trial_id is not null))
);
create index salvage_transactions_customer on salvage_transactions(customer_id, created_at);

create table transactions (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  customer_id uuid not null references customers(id) on delete cascade,
  card_id uuid references customer_cards(id) on delete set null,
  kind text not null check (kind in ('renewal', 'trial_expiration', 'salvage', 'refund')),
  subscription_id uuid,
  trial_id uuid,
  salvage_transaction_id uuid,
  portal_id uuid,
  amount int not null,
  currency text not null,
  status text not null check (status in ('pending', 'succeeded', 'failed')),
  gateway text not null,
  gateway_idempotency_key text not null unique,
  gateway_charge_id text,
  decline_code text,
  decline_message text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index transactions_customer on transactions(customer_id, created_at);
-- At most one successful payment per salvage transaction, whatever the race.
create unique index transactions_one_salvage_success on transactions(salvage_transaction_id)
  where status = 'succeeded' and salvage_transaction_id is not null;

create table portals (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  name text not null,
  display_name text,
  description text,
  footer_html text,
  tracking_domain_id uuid not null references tracking_domains(id),
  smtp_profile_id uuid not null references smtp_profiles(id),
  recaptcha_site_key text not null,
  recaptcha_secret_key text not null,
  confirmation_email jsonb not null,
  password_reset_email jsonb not null,
  campaign_ids uuid[] not null default '{}',
  shop_ids uuid[] not null default '{}',
  permissions text[] not null default '{}',
  create_non_existing_customer boolean not null default false,
  non_existing_customer_campaign_id uuid references campaigns(id),
  allowed_origins text[] not null default '{}',
  locale text not null default 'en',
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index portals_account on portals(account_id, created_at, id);
create index portals_tracking_domain on portals(tracking_domain_id);

create table sessions (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  portal_id uuid not null references portals(id) on delete cascade,
  customer_id uuid not null references customers(id) on delete cascade,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null,
  idle_expires_at timestamptz not null,
  absolute_expires_at timestamptz not null,
  revoked_at timestamptz,
  revoked_reason text,
  ip text,
  user_agent text
);
create index sessions_customer on sessions(customer_id) where revoked_at is null;

create table email_codes (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  portal_id uuid not null references portals(id) on delete cascade,
  customer_id uuid not null references customers(id) on delete cascade,
  purpose text not null check (purpose in ('confirm', 'reset')),
  code_hmac text not null,
  attempts int not null default 0,
  expires_at timestamptz not null,
  consumed_at timestamptz,
  voided_at timestamptz,
  created_at timestamptz not null default now()
);
create index email_codes_lookup on email_codes(portal_id, customer_id, purpose, created_at);

create table rate_limit_counters (
  key text not null,
  window_start timestamptz not null,
  count int not null default 0,
  expires_at timestamptz not null,
  primary key (key, window_start)
);
create index rate_limit_counters_expiry on rate_limit_counters(expires_at);

create table idempotency_keys (
  customer_id uuid not null references customers(id) on delete cascade,
  key text not null,
  account_id uuid not null references accounts(id) on delete cascade,
  request_hash text not null,
  status text not null check (status in ('in_flight', 'done')),
  response_status int,
  response_body jsonb,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  primary key (customer_id, key)
);

create table audit_events (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  portal_id uuid,
  customer_id uuid,
  actor text not null check (actor in ('admin', 'shopper', 'system')),
  action text not null,
  subject_type text,
  subject_id uuid,
  data jsonb not null default '{}',
  request_id text,
  ip text,
  created_at timestamptz not null default now()
);
create index audit_events_account on audit_events(account_id, created_at);
create index audit_events_customer on audit_events(customer_id, created_at);

create table outbox (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  kind text not null check (kind in ('email', 'webhook')),
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'sent', 'dead')),
  attempts int not null default 0,
  next_attempt_at timestamptz not null default now(),
  locked_until timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index outbox_due on outbox(next_attempt_at) where status = 'pending';

create table dev_mails (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts(id) on delete cascade,
  to_email text not null,
  cc text[] not null default '{}',
  bcc text[] not null default '{}',
  from_email text not null,
  from_name text not null,
  subject text not null,
  html text not null,
  created_at timestamptz not null default now()
);
create index dev_mails_created on dev_mails(created_at);
`;

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'dev_mails',
    'outbox',
    'audit_events',
    'idempotency_keys',
    'rate_limit_counters',
    'email_codes',
    'sessions',
    'transactions',
    'salvage_transactions',
    'trials',
    'subscriptions',
    'customer_cards',
    'customer_notes',
    'customer_group_members',
    'customer_groups',
    'customer_shops',
    'customer_campaigns',
    'customer_logins',
    'portals',
    'customers',
    'shops',
    'campaigns',
    'smtp_profiles',
    'tracking_domains',
    'api_keys',
    'accounts',
  ]) {
    await sql`drop table if exists ${sql.table(table)} cascade`.execute(db);
  }
}
