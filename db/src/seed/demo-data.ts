import { type Address, PERMISSIONS, type Permission } from '@portico/shared';

/**
 * What the demo merchant looks like. Plain data, so the README, the banner and the tests
 * can name the same people and portals the seed writes.
 */

/** Fixed ids, so the example storefronts and the README can name the demo portals. */
export const DEMO_IDS = {
  account: 'de300000-0000-4000-8000-000000000001',
  portalBrandA: 'de300000-0000-4000-8000-00000000000a',
  portalBrandB: 'de300000-0000-4000-8000-00000000000b',
} as const;

export const DEMO_ACCOUNT_NAME = 'Demo Merchant';
/** Every demo shopper logs in with this; documented in the README, never used outside the demo. */
export const DEMO_PASSWORD = 'portico-demo-pass';
export const DEMO_HOSTS = {
  brandA: 'portal-a.demo.localhost',
  brandB: 'portal-b.demo.localhost',
} as const;
export const DEMO_FROM_EMAIL = 'support@demo-merchant.example';

export const BRAND_B_PERMISSIONS = [
  'contact_modify',
  'credit_card_add',
  'credit_card_set_default',
  'shipping_modify_ship_to',
  'salvage_transaction_process',
] as const satisfies readonly Permission[];
export const BRAND_A_PERMISSIONS: readonly Permission[] = PERMISSIONS;

export type DemoBrand = 'a' | 'b';

export interface DemoCard {
  brand: 'visa' | 'mastercard' | 'amex' | 'discover';
  last4: string;
  expMonth: number;
  /** Years from now (negative: already expired). */
  expYearsFromNow: number;
  isDefault?: boolean;
}

export interface DemoSubscription {
  brand: DemoBrand;
  product: string;
  amount: number;
  interval: 'week' | 'month';
  intervalCount?: number;
  status: 'active' | 'suspended';
  /** Days from now (negative: the renewal already failed). */
  renewsInDays: number;
  /** A failed renewal waiting to be paid from the portal. */
  failedRenewal?: boolean;
}

export interface DemoTrial {
  product: string;
  expirationAmount: number;
  status: 'active' | 'failed';
  /** Days from now (negative: expired, and the charge failed). */
  expiresInDays: number;
}

export interface DemoCustomer {
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  company?: string;
  internalId: string;
  brands: DemoBrand[];
  disabled?: boolean;
  address: Address;
  cards: DemoCard[];
  subscriptions: DemoSubscription[];
  trials: DemoTrial[];
}

const us = (line1: string, city: string, state: string, postal_code: string): Address => ({
  line1,
  city,
  state,
  postal_code,
  country: 'US',
});

export const DEMO_CUSTOMERS: readonly DemoCustomer[] = [
  {
    firstName: 'Ava',
    lastName: 'Thompson',
    email: 'ava.thompson@example.com',
    phone: '+1 415 555 0134',
    internalId: 'GBC-1001',
    brands: ['a'],
    address: us('742 Valencia St', 'San Francisco', 'CA', '94110'),
    cards: [
      { brand: 'visa', last4: '4242', expMonth: 8, expYearsFromNow: 2, isDefault: true },
      { brand: 'mastercard', last4: '4444', expMonth: 3, expYearsFromNow: 3 },
    ],
    subscriptions: [
      {
        brand: 'a',
        product: 'Gold Box Monthly',
        amount: 3900,
        interval: 'month',
        status: 'active',
        renewsInDays: 12,
      },
    ],
    trials: [
      {
        product: 'Gold Box Deluxe (trial)',
        expirationAmount: 5900,
        status: 'active',
        expiresInDays: 9,
      },
    ],
  },
  {
    firstName: 'Liam',
    lastName: 'Patel',
    email: 'liam.patel@example.com',
    phone: '+1 212 555 0187',
    internalId: 'GBC-1002',
    brands: ['a'],
    address: us('88 Greenwich Ave', 'New York', 'NY', '10011'),
    cards: [{ brand: 'visa', last4: '1881', expMonth: 11, expYearsFromNow: 1, isDefault: true }],
    subscriptions: [
      {
        brand: 'a',
        product: 'Gold Box Monthly',
        amount: 3900,
        interval: 'month',
        status: 'suspended',
        renewsInDays: 40,
      },
    ],
    trials: [],
  },
  {
    firstName: 'Sofia',
    lastName: 'Garcia',
    email: 'sofia.garcia@example.com',
    phone: '+1 305 555 0152',
    internalId: 'GBC-1003',
    brands: ['a'],
    address: us('1200 Brickell Ave', 'Miami', 'FL', '33131'),
    // Her only card has expired, so last month's renewal failed: a payment is due.
    cards: [
      { brand: 'mastercard', last4: '5100', expMonth: 1, expYearsFromNow: -1, isDefault: true },
    ],
    subscriptions: [
      {
        brand: 'a',
        product: 'Gold Box Monthly',
        amount: 3900,
        interval: 'month',
        status: 'active',
        renewsInDays: -3,
        failedRenewal: true,
      },
    ],
    trials: [],
  },
  {
    firstName: 'Noah',
    lastName: 'Kim',
    email: 'noah.kim@example.com',
    phone: '+1 206 555 0119',
    company: 'Kim & Park Design',
    internalId: 'CC-2001',
    brands: ['b'],
    address: us('1521 2nd Ave', 'Seattle', 'WA', '98101'),
    cards: [
      { brand: 'amex', last4: '8431', expMonth: 6, expYearsFromNow: 2, isDefault: true },
      { brand: 'visa', last4: '0077', expMonth: 9, expYearsFromNow: 4 },
    ],
    subscriptions: [
      {
        brand: 'b',
        product: 'Coffee Circle Whole Bean, 1 lb',
        amount: 1800,
        interval: 'week',
        intervalCount: 2,
        status: 'active',
        renewsInDays: 5,
      },
    ],
    trials: [],
  },
  {
    firstName: 'Mia',
    lastName: 'Rossi',
    email: 'mia.rossi@example.com',
    phone: '+1 312 555 0160',
    internalId: 'CC-2002',
    brands: ['b'],
    address: us('401 N Wabash Ave', 'Chicago', 'IL', '60611'),
    cards: [{ brand: 'discover', last4: '1117', expMonth: 4, expYearsFromNow: 1, isDefault: true }],
    subscriptions: [],
    // The trial ended and its first charge was declined: a failed trial expiration to pay.
    trials: [
      {
        product: 'Coffee Circle Starter Kit (trial)',
        expirationAmount: 2400,
        status: 'failed',
        expiresInDays: -2,
      },
    ],
  },
  {
    firstName: 'Ethan',
    lastName: 'Walker',
    email: 'ethan.walker@example.com',
    phone: '+1 512 555 0143',
    internalId: 'CC-2003',
    brands: ['b'],
    address: us('600 Congress Ave', 'Austin', 'TX', '78701'),
    cards: [{ brand: 'visa', last4: '4242', expMonth: 12, expYearsFromNow: 3, isDefault: true }],
    subscriptions: [
      {
        brand: 'b',
        product: 'Coffee Circle Decaf, 12 oz',
        amount: 1500,
        interval: 'month',
        status: 'suspended',
        renewsInDays: 21,
      },
    ],
    trials: [],
  },
  {
    firstName: 'Olivia',
    lastName: 'Chen',
    email: 'olivia.chen@example.com',
    phone: '+1 617 555 0128',
    internalId: 'GBC-1004',
    brands: ['a', 'b'],
    address: us('75 Arlington St', 'Boston', 'MA', '02116'),
    cards: [
      { brand: 'visa', last4: '3155', expMonth: 7, expYearsFromNow: 2, isDefault: true },
      { brand: 'mastercard', last4: '9903', expMonth: 10, expYearsFromNow: 1 },
    ],
    subscriptions: [
      {
        brand: 'a',
        product: 'Gold Box Quarterly',
        amount: 9900,
        interval: 'month',
        intervalCount: 3,
        status: 'active',
        renewsInDays: 30,
      },
      {
        brand: 'b',
        product: 'Coffee Circle Espresso Blend, 1 lb',
        amount: 2000,
        interval: 'month',
        status: 'active',
        renewsInDays: -1,
        failedRenewal: true,
      },
    ],
    trials: [],
  },
  {
    firstName: 'Lucas',
    lastName: 'Müller',
    email: 'lucas.muller@example.com',
    phone: '+1 303 555 0171',
    internalId: 'GBC-1005',
    brands: ['a'],
    disabled: true,
    address: us('1701 Wynkoop St', 'Denver', 'CO', '80202'),
    cards: [{ brand: 'visa', last4: '6789', expMonth: 5, expYearsFromNow: 2, isDefault: true }],
    subscriptions: [
      {
        brand: 'a',
        product: 'Gold Box Monthly',
        amount: 3900,
        interval: 'month',
        status: 'suspended',
        renewsInDays: 60,
      },
    ],
    trials: [],
  },
];
