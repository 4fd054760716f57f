import { verify } from '@node-rs/argon2';
import { PERMISSIONS } from '@portico/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../connect.js';
import { freshDatabase } from '../testing.js';
import { demoExists, seedDemo } from './demo.js';
import {
  BRAND_B_PERMISSIONS,
  DEMO_CUSTOMERS,
  DEMO_HOSTS,
  DEMO_IDS,
  DEMO_PASSWORD,
} from './demo-data.js';

let handle: DbHandle;
let firstKey: string | undefined;
let issued = 0;

beforeAll(async () => {
  handle = await freshDatabase();
  const result = await seedDemo(handle.db, {
    issueApiKey: async (tx, accountId) => {
      issued += 1;
      await tx
        .insertInto('api_keys')
        .values({ account_id: accountId, name: 'demo', prefix: 'demo0000', key_hash: 'h' })
        .execute();
      return 'pk_demo_key';
    },
  });
  expect(result.created, 'first run creates the demo').toBe(true);
  firstKey = result.apiKey;
});

afterAll(() => handle.close());

const count = async (table: 'customers' | 'subscriptions' | 'portals' | 'api_keys') =>
  Number(
    (
      await handle.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('seedDemo', () => {
  it('issues the admin key once, inside the seed', () => {
    expect(firstKey).toBe('pk_demo_key');
    expect(issued).toBe(1);
  });

  it('is idempotent: later runs, even concurrent ones, write nothing', async () => {
    const before = await Promise.all([
      count('customers'),
      count('subscriptions'),
      count('portals'),
      count('api_keys'),
    ]);
    const runs = await Promise.all([seedDemo(handle.db), seedDemo(handle.db)]);
    expect(runs.map((r) => r.created)).toEqual([false, false]);
    expect(runs[0]?.apiKey, 'no key on later runs').toBeUndefined();
    const after = await Promise.all([
      count('customers'),
      count('subscriptions'),
      count('portals'),
      count('api_keys'),
    ]);
    expect(after).toEqual(before);
    expect(await demoExists(handle.db)).toBe(true);
  });

  it('creates ready tracking domains, a dev outbox profile, campaigns and a shop', async () => {
    const domains = await handle.db
      .selectFrom('tracking_domains')
      .selectAll()
      .orderBy('hostname')
      .execute();
    expect(domains.map((d) => d.hostname)).toEqual([DEMO_HOSTS.brandA, DEMO_HOSTS.brandB]);
    expect(domains.every((d) => d.dns_ready && d.ssl_active && d.verified_at)).toBe(true);
    const smtp = await handle.db.selectFrom('smtp_profiles').selectAll().execute();
    expect(smtp.map((s) => s.transport)).toEqual(['dev_outbox']);
    const campaigns = await handle.db.selectFrom('campaigns').select('name').execute();
    expect(campaigns.map((c) => c.name).sort()).toEqual(['Coffee Circle', 'Gold Box Club']);
    const shops = await handle.db.selectFrom('shops').selectAll().execute();
    expect(shops.map((s) => [s.name, s.platform])).toEqual([['Brand B Store', 'shopify']]);
  });

  it('creates Brand A (campaign filter, all permissions) and Brand B (shop filter, five)', async () => {
    const a = await handle.db
      .selectFrom('portals')
      .selectAll()
      .where('id', '=', DEMO_IDS.portalBrandA)
      .executeTakeFirstOrThrow();
    const b = await handle.db
      .selectFrom('portals')
      .selectAll()
      .where('id', '=', DEMO_IDS.portalBrandB)
      .executeTakeFirstOrThrow();
    const gold = await handle.db
      .selectFrom('campaigns')
      .select('id')
      .where('name', '=', 'Gold Box Club')
      .executeTakeFirstOrThrow();
    const shop = await handle.db.selectFrom('shops').select('id').executeTakeFirstOrThrow();
    expect(a.campaign_ids).toEqual([gold.id]);
    expect(a.shop_ids).toEqual([]);
    expect([...a.permissions].sort()).toEqual([...PERMISSIONS].sort());
    expect(b.shop_ids).toEqual([shop.id]);
    expect(b.campaign_ids).toEqual([]);
    expect([...b.permissions].sort()).toEqual([...BRAND_B_PERMISSIONS].sort());
    for (const p of [a, b]) {
      expect(p.enabled).toBe(true);
      expect(p.allowed_origins.every((o) => o.startsWith('https://'))).toBe(true);
      expect(p.confirmation_email.html).toContain('{{email_code}}');
      expect(p.password_reset_email.html).toContain('{{email_code}}');
    }
  });

  it('creates customers in A, in B, in both, and one disabled, each with a confirmed login', async () => {
    const rows = await handle.db
      .selectFrom('customers')
      .leftJoin('customer_logins', 'customer_logins.customer_id', 'customers.id')
      .select([
        'customers.id',
        'customers.email',
        'customers.status',
        'customer_logins.password_hash',
        'customer_logins.confirmed_at',
      ])
      .execute();
    expect(rows).toHaveLength(DEMO_CUSTOMERS.length);
    expect(rows.filter((r) => r.status === 'disabled')).toHaveLength(1);
    expect(rows.every((r) => r.confirmed_at !== null)).toBe(true);
    const first = rows[0];
    expect(first?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verify(first?.password_hash as string, DEMO_PASSWORD)).toBe(true);

    const a = await portalMembers(DEMO_IDS.portalBrandA);
    const b = await portalMembers(DEMO_IDS.portalBrandB);
    const both = a.filter((id) => b.includes(id));
    expect(a.length).toBeGreaterThan(both.length);
    expect(b.length).toBeGreaterThan(both.length);
    expect(both).toHaveLength(1);
  });

  it('stores cards as tokens and display facts only, one default each', async () => {
    const cards = await handle.db.selectFrom('customer_cards').selectAll().execute();
    expect(cards.length).toBeGreaterThanOrEqual(DEMO_CUSTOMERS.length);
    for (const card of cards) {
      expect(card.gateway_token).toMatch(/^tok_[A-Za-z0-9_-]{24}$/);
      expect(card.last4).toMatch(/^\d{4}$/);
      expect(card.fingerprint).toMatch(/^fp_[A-Za-z0-9_-]{27}$/);
    }
    const defaults = cards.filter((c) => c.is_default).map((c) => c.customer_id);
    expect(new Set(defaults).size).toBe(DEMO_CUSTOMERS.length);
  });

  it('creates active and suspended subscriptions, trials and pending failed payments', async () => {
    const subs = await handle.db.selectFrom('subscriptions').select('status').execute();
    expect(new Set(subs.map((s) => s.status))).toEqual(new Set(['active', 'suspended']));
    const trials = await handle.db.selectFrom('trials').select('status').execute();
    expect(new Set(trials.map((t) => t.status))).toEqual(new Set(['active', 'failed']));
    const salvage = await handle.db.selectFrom('salvage_transactions').selectAll().execute();
    expect(new Set(salvage.map((s) => s.source))).toEqual(new Set(['renewal', 'trial_expiration']));
    expect(salvage.every((s) => s.status === 'pending')).toBe(true);
  });
});

/** Customers a portal's filters admit (the rule in DESIGN.md), as the shopper API will apply it. */
async function portalMembers(portalId: string): Promise<string[]> {
  const portal = await handle.db
    .selectFrom('portals')
    .select(['campaign_ids', 'shop_ids'])
    .where('id', '=', portalId)
    .executeTakeFirstOrThrow();
  const rows = await handle.db
    .selectFrom('customers')
    .select('id')
    .where('status', '=', 'enabled')
    .where((eb) =>
      eb.and([
        portal.campaign_ids.length
          ? eb.exists(
              eb
                .selectFrom('customer_campaigns')
                .whereRef('customer_campaigns.customer_id', '=', 'customers.id')
                .where('customer_campaigns.campaign_id', 'in', portal.campaign_ids)
                .select('customer_id'),
            )
          : eb.lit(true),
        portal.shop_ids.length
          ? eb.exists(
              eb
                .selectFrom('customer_shops')
                .whereRef('customer_shops.customer_id', '=', 'customers.id')
                .where('customer_shops.shop_id', 'in', portal.shop_ids)
                .select('customer_id'),
            )
          : eb.lit(true),
      ]),
    )
    .execute();
  return rows.map((r) => r.id);
}
