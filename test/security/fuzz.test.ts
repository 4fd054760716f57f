import { CSRF_HEADER, IDEMPOTENCY_HEADER, SHOPPER_API_PREFIX } from '@portico/shared';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_COOKIE } from '../../bff/src/services/sessions/cookie.js';
import { signSessionToken } from '../../bff/src/services/sessions/token.js';
import { makeCampaign, makeCustomer, makeShop } from '../../bff/src/testing/fixtures.js';
import { json } from '../../bff/src/testing/harness.js';
import { CAPTCHA } from '../../bff/src/testing/shopper.js';
import {
  createShopperTestContext,
  makeSalvage,
  makeSubscription,
  makeTrial,
  type Shopper,
  type ShopperTestContext,
} from '../../bff/src/testing/shopper-harness.js';
import { fakeResolver } from '../../bff/src/testing/tls-server.js';
import { endpoints, fill, key, params, type Route, routeTable } from './lib/routes.js';
import { changedTables, snapshot } from './lib/state.js';

/**
 * SECURITY 29: every endpoint of the route table, fed generated junk (ids, query strings,
 * bodies, headers), answers below 500, and a refused request (4xx) writes nothing.
 * FUZZ_RUNS raises the number of runs per endpoint (default keeps the suite fast).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const TIMEOUT = 30_000 + RUNS * 500;
const ROUTES = routeTable();

/**
 * Counters that a refused request is meant to bump: failed logins, add-card attempts and
 * mail requests are counted per IP and email whatever the body (card testing, stuffing).
 */
const COUNTERS = ['rate_limit_counters'] as const;

const printable = (max: number) =>
  fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((n) => String.fromCharCode(n)),
    maxLength: max,
  });

/** Strings that have broken servers before. */
const nasty = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\u202e',
  '%',
  '%00',
  '%ZZ',
  '%E0%A4%A',
  '..',
  '../../etc/passwd',
  "1' or '1'='1",
  '__proto__',
  'constructor',
  'x'.repeat(5000),
  '9'.repeat(400),
  '-1',
  '1e309',
  'NaN',
  'null',
  'true',
  '[]',
  '{}',
  '4242424242424242',
  '0000-00-00T00:00:00Z',
  '99999-12-31T23:59:59Z',
  '<script>alert(1)</script>',
);

const junkString = fc.oneof(nasty, fc.string({ maxLength: 60 }), printable(60));

/** Field names the schemas know, so junk values reach the validators' branches. */
const FIELDS = [
  'email',
  'password',
  'code',
  'captcha_token',
  'first_name',
  'last_name',
  'company',
  'phone',
  'bill_to',
  'ship_to',
  'current_password',
  'gateway_token',
  'make_default',
  'card_id',
  'reason',
  'comment',
  'name',
  'hostname',
  'from_email',
  'from_name',
  'transport',
  'postmark_server_token',
  'description',
  'platform',
  'url',
  'tracking_domain_id',
  'smtp_profile_id',
  'recaptcha_site_key',
  'recaptcha_secret_key',
  'confirmation_email',
  'password_reset_email',
  'campaign_ids',
  'shop_ids',
  'permissions',
  'allowed_origins',
  'footer_html',
  'locale',
  'enabled',
  'metadata',
  'group_id',
  'body',
  'product_name',
  'amount',
  'expiration_amount',
  'currency',
  'interval',
  'interval_count',
  'status',
  'next_renewal_at',
  'expires_at',
  'source',
  'subscription_id',
  'trial_id',
  'line1',
  'city',
  'country',
  'account_id',
  'customer_id',
  'id',
];

const junkValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    junkString,
    fc.integer(),
    fc.double(),
    fc.constantFrom(0, -1, 2 ** 31, 2 ** 53, Number.MAX_VALUE, true, false, null),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), junkString), tie('v'), { maxKeys: 4 }),
  ),
})).v;

/** A body as sent on the wire: JSON objects with known and unknown fields, or raw text. */
const body = fc.oneof(
  fc.constant(undefined),
  fc
    .dictionary(fc.oneof(fc.constantFrom(...FIELDS), junkString), junkValue, { maxKeys: 6 })
    .map((o) => JSON.stringify(o)),
  junkValue.map((v) => JSON.stringify(v) ?? 'null'),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('{', '{"a":', '[[[[[[[[', `${'['.repeat(5000)}${']'.repeat(5000)}`, '\u0000'),
);

/**
 * A valid body with one field (top level or one level down) replaced by junk, removed, or
 * joined by a field the caller may not set: junk that gets past the first checks.
 */
function nearValid(template: Record<string, unknown>): fc.Arbitrary<string> {
  const paths: string[][] = [];
  for (const [k, v] of Object.entries(template)) {
    paths.push([k]);
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      for (const inner of Object.keys(v)) paths.push([k, inner]);
    }
  }
  const set = (path: string[], value: unknown, remove: boolean) => {
    const copy = structuredClone(template);
    let node = copy as Record<string, unknown>;
    for (const k of path.slice(0, -1)) node = node[k] as Record<string, unknown>;
    const last = path.at(-1) as string;
    if (remove) delete node[last];
    else node[last] = value;
    return JSON.stringify(copy);
  };
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.tuple(fc.constantFrom(...paths), junkValue).map(([p, v]) => set(p, v, false)),
    },
    fc.constantFrom(...paths).map((p) => set(p, undefined, true)),
    fc
      .tuple(
        fc.constantFrom('account_id', 'status', 'amount', 'id', 'customer_id', 'portal_id'),
        junkValue,
      )
      .map(([k, v]) => JSON.stringify({ ...template, [k]: v })),
  );
}

const query = fc.oneof(
  fc.constant(''),
  fc
    .dictionary(
      fc.oneof(
        fc.constantFrom('limit', 'cursor', 'status', 'q', 'campaign_id', 'shop_id', 'origin'),
        printable(10),
      ),
      junkString,
      { maxKeys: 4 },
    )
    .map((o) => new URLSearchParams(o as Record<string, string>).toString()),
  printable(40).map((s) => s.replace(/#/g, '')),
);

const contentType = fc.option(
  fc.oneof(
    fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonx',
      '',
    ),
    printable(30),
  ),
  { freq: 2 },
);

/** Stand-ins for credentials only known at run time: the live session and admin key. */
const SESSION = '<session cookie>';
const ADMIN_KEY = '<admin key>';

/** Header name → value, a `null` value meaning the header is not sent. */
const headerSet = (fields: Record<string, fc.Arbitrary<string | null>>) =>
  fc
    .record(fields)
    .map((h) =>
      Object.fromEntries(Object.entries(h).filter((e): e is [string, string] => e[1] !== null)),
    );

/** Shopper requests mostly pass the CSRF checks so that junk reaches the handlers. */
const shopperHeaders = headerSet({
  'content-type': fc.oneof({ weight: 3, arbitrary: fc.constant('application/json') }, contentType),
  origin: fc.oneof(
    { weight: 4, arbitrary: fc.constant('http://localhost') },
    fc.option(fc.oneof(fc.constantFrom('null', 'https://evil.example'), printable(30))),
  ),
  [CSRF_HEADER]: fc.oneof({ weight: 4, arbitrary: fc.constant('1') }, fc.option(printable(5))),
  cookie: fc.oneof({ weight: 4, arbitrary: fc.constant(SESSION) }, fc.option(printable(80))),
  [IDEMPOTENCY_HEADER]: fc.option(fc.oneof(printable(300), fc.uuid()), { freq: 5 }),
  'x-forwarded-for': fc.option(printable(40)),
});

const adminHeaders = headerSet({
  'content-type': fc.oneof({ weight: 4, arbitrary: fc.constant('application/json') }, contentType),
  authorization: fc.oneof(
    { weight: 5, arbitrary: fc.constant(ADMIN_KEY) },
    fc.option(
      fc.oneof(
        printable(60),
        printable(40).map((s) => `Bearer ${s}`),
      ),
    ),
  ),
});

const METHOD_HAS_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

describe('SECURITY 29: property-based fuzzing of every endpoint', () => {
  let t: ShopperTestContext;
  let shopper: Shopper;
  let cookie: string;
  let adminKey: string;
  /** Real ids the generators mix with junk, so requests get past the 404s. */
  const realIds: string[] = [];
  /** How often each status came back: proof that junk reached the handlers, not just the gates. */
  const statuses = new Map<number, number>();
  /** Valid bodies per route (`METHOD /full/path`), the seeds of near-valid junk. */
  let templates: Record<string, Record<string, unknown>> = {};

  const newSession = async () => {
    shopper = await t.newShopper({ portalId: shopper.portalId });
    const token = await signSessionToken(
      t.deps.config.secret,
      shopper.sessionId,
      new Date(Date.now() + 3600_000),
    );
    cookie = `${DEV_COOKIE}=${token}`;
  };

  beforeAll(async () => {
    t = await createShopperTestContext({
      deps: { domainCheck: { resolver: fakeResolver({}), timeoutMs: 500 } },
    });
    const db = t.handle.db;
    shopper = await t.newShopper();
    await newSession();
    const card = await t.addCard(shopper, '4242424242424242', true);
    const sub = await makeSubscription(t, shopper, { cardId: card.id });
    const trial = await makeTrial(t, shopper);
    const salvage = await makeSalvage(t, shopper);
    // The admin fuzzes a second account, so disabling its portal cannot end the shopper's.
    const other = await t.newAccount('Fuzzed merchant');
    adminKey = other.key;
    const otherShopper = await t.newShopper({ accountId: other.id });
    const portal = await db
      .selectFrom('portals')
      .selectAll()
      .where('id', '=', otherShopper.portalId)
      .executeTakeFirstOrThrow();
    const group = await json(t.admin('POST', '/groups', { name: 'G' }, adminKey));
    realIds.push(
      shopper.portalId,
      card.id,
      sub.id,
      trial.id,
      salvage.id,
      otherShopper.customerId,
      (await makeCustomer(db, other.id)).id,
      (await makeCampaign(db, other.id)).id,
      (await makeShop(db, other.id)).id,
      group.id,
      portal.id,
      portal.tracking_domain_id,
      portal.smtp_profile_id,
    );
    const address = { first_name: 'Ann', line1: '1 Main St', city: 'Springfield', country: 'US' };
    const shopperEmail = (
      await db
        .selectFrom('customers')
        .select('email')
        .where('id', '=', shopper.customerId)
        .executeTakeFirstOrThrow()
    ).email;
    const email = (kind: 'confirm' | 'reset') => ({
      from: 'support@brand.example',
      from_name: 'Brand',
      subject: 'Code',
      html: `<p>${kind} {{email_code}}</p>`,
      cc: [],
      bcc: [],
    });
    const S = `${SHOPPER_API_PREFIX}/:portalId`;
    const A = '/api/admin/v1';
    templates = {
      [`POST ${S}/register`]: {
        email: 'new@example.com',
        password: 'a long enough passphrase',
        captcha_token: CAPTCHA,
        first_name: 'N',
      },
      [`POST ${S}/confirm`]: { email: shopperEmail, code: '123456' },
      [`POST ${S}/login`]: {
        email: shopperEmail,
        password: 'not the password',
        captcha_token: 'x',
      },
      [`POST ${S}/password-reset/request`]: { email: shopperEmail },
      [`POST ${S}/password-reset/confirm`]: {
        email: shopperEmail,
        code: '123456',
        password: 'a long enough passphrase',
      },
      [`PATCH ${S}/account/contact`]: {
        first_name: 'A',
        phone: '555',
        bill_to: address,
        email: shopperEmail,
        current_password: 'x',
      },
      [`PUT ${S}/account/ship-to`]: { ship_to: address },
      [`PUT ${S}/subscriptions/:id/ship-to`]: { ship_to: address },
      [`POST ${S}/subscriptions/:id/cancel`]: { reason: 'r', comment: 'c' },
      [`POST ${S}/salvage-transactions/:id/pay`]: { card_id: card.id },
      [`POST ${S}/cards`]: { gateway_token: 'tok_unknown_token', make_default: true },
      [`POST ${A}/customers`]: {
        email: 'c@example.com',
        first_name: 'C',
        bill_to: address,
        ship_to: address,
        campaign_ids: [],
        metadata: { k: 'v' },
      },
      [`PATCH ${A}/customers/:id`]: { first_name: 'C', ship_to: address, metadata: { k: null } },
      [`POST ${A}/customers/:id/subscriptions`]: {
        product_name: 'Box',
        amount: 1000,
        currency: 'USD',
        interval: 'month',
        interval_count: 1,
        next_renewal_at: '2027-01-01T00:00:00Z',
        ship_to: address,
      },
      [`POST ${A}/customers/:id/trials`]: {
        product_name: 'T',
        expiration_amount: 500,
        currency: 'USD',
        expires_at: '2027-01-01T00:00:00Z',
        interval: 'week',
      },
      [`POST ${A}/customers/:id/salvage-transactions`]: {
        source: 'renewal',
        subscription_id: sub.id,
      },
      [`POST ${A}/customers/:id/notes`]: { body: 'note' },
      [`POST ${A}/customers/:id/groups`]: { group_id: group.id },
      [`POST ${A}/customers/:id/cards`]: { gateway_token: 'tok_unknown_token' },
      [`POST ${A}/portals`]: {
        name: 'P',
        tracking_domain_id: portal.tracking_domain_id,
        smtp_profile_id: portal.smtp_profile_id,
        recaptcha_site_key: 'k',
        recaptcha_secret_key: 's',
        confirmation_email: email('confirm'),
        password_reset_email: email('reset'),
        permissions: ['contact_modify'],
        allowed_origins: ['https://www.brand.example'],
        footer_html: '<p>x</p>',
      },
      [`PATCH ${A}/portals/:id`]: {
        description: 'd',
        allowed_origins: ['https://www.brand.example'],
        confirmation_email: email('confirm'),
      },
      [`POST ${A}/smtp-profiles`]: {
        name: 'M',
        from_email: 'a@b.example',
        from_name: 'N',
        transport: 'postmark',
        postmark_server_token: 'token-123456',
      },
      [`POST ${A}/tracking-domains`]: { hostname: 'portal.fuzz.example' },
      [`POST ${A}/shops`]: { name: 'S', platform: 'shopify', url: 'https://shop.example' },
      [`POST ${A}/campaigns`]: { name: 'C', description: 'd' },
      [`POST ${A}/groups`]: { name: 'G' },
      [`POST ${A}/api-keys`]: { name: 'K' },
      [`POST ${A}/webhook-endpoints`]: {
        url: 'https://hooks.fuzz.example/h',
        description: 'd',
        events: ['subscription.cancelled'],
        enabled: true,
      },
      [`PATCH ${A}/webhook-endpoints/:id`]: { url: 'https://hooks.fuzz.example/h', enabled: false },
    };
  });
  afterAll(() => t.close());

  const bodyFor = (route: Route): fc.Arbitrary<string | undefined> => {
    if (!METHOD_HAS_BODY.has(route.method)) return fc.constant(undefined);
    const template = templates[key(route)];
    return template ? fc.oneof(body, { weight: 2, arbitrary: nearValid(template) }) : body;
  };

  /** The shopper's portal most of the time: otherwise nearly every request stops at a 404. */
  const id = (param?: string) =>
    fc.oneof(
      param === 'portalId'
        ? { weight: 12, arbitrary: fc.constant(shopper.portalId) }
        : { weight: 3, arbitrary: fc.constantFrom(...realIds) },
      fc.uuid(),
      junkString.map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd'))),
      fc.constantFrom('%ZZ', '%E0%A4%A', '%00', '..', '%2e%2e', '%2F'),
    );

  /** Sends one request; asserts no 5xx and, when refused, no write. */
  async function check(
    route: Route,
    send: () => Response | Promise<Response>,
    label: string,
  ): Promise<void> {
    const before = await snapshot(t.handle.db, COUNTERS);
    let res: Response;
    try {
      res = await send();
    } catch (err) {
      // The client refused to build the request (e.g. a header value it cannot encode):
      // nothing reached the server.
      if (err instanceof TypeError) return;
      throw err;
    }
    const text = await res.text();
    expect(res.status, `${label} → ${res.status} ${text.slice(0, 300)}`).toBeLessThan(500);
    if (res.status >= 400) {
      const after = await snapshot(t.handle.db, COUNTERS);
      expect(changedTables(before, after), `${label} was refused but wrote`).toEqual([]);
    }
    if (route.path.endsWith('/logout') && res.status < 300) await newSession();
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  }

  it('has near-valid seeds only for routes that exist', () => {
    const known = new Set(ROUTES.map(key));
    expect(Object.keys(templates).filter((k) => !known.has(k))).toEqual([]);
  });

  it('fuzzes the route table of the app under test', () => {
    expect(endpoints(t.app).map(key).sort()).toEqual(ROUTES.map(key).sort());
    expect(ROUTES.length).toBeGreaterThan(70);
  });

  /** One property per API endpoint: generated ids, query, body and headers. */
  const fuzz = (route: Route, headers: fc.Arbitrary<Record<string, string>>) =>
    fc.assert(
      fc.asyncProperty(
        fc.record({
          ids: fc.record(Object.fromEntries(params(route.path).map((p) => [p, id(p)]))),
          query,
          body: bodyFor(route),
          headers,
        }),
        async ({ ids, query: q, body: b, headers: h }) => {
          const path = fill(route.path, ids as Record<string, string>);
          const live: Record<string, string> = {
            [SESSION]: cookie,
            [ADMIN_KEY]: `Bearer ${adminKey}`,
          };
          const sent = Object.fromEntries(Object.entries(h).map(([k, v]) => [k, live[v] ?? v]));
          await check(
            route,
            () =>
              t.app.request(`http://localhost${path}${q ? `?${q}` : ''}`, {
                method: route.method,
                headers: sent,
                ...(b === undefined ? {} : { body: b }),
              }),
            `${route.method} ${path}?${q} ${JSON.stringify(h)} ${String(b).slice(0, 200)}`,
          );
        },
      ),
      { numRuns: RUNS },
    );

  for (const route of ROUTES.filter((r) => r.path.startsWith(`${SHOPPER_API_PREFIX}/`))) {
    it(`shopper ${key(route)}: below 500, and a refusal writes nothing`, { timeout: TIMEOUT }, () =>
      fuzz(route, shopperHeaders),
    );
  }

  for (const route of ROUTES.filter((r) => r.path.startsWith('/api/admin/v1/'))) {
    it(`admin ${key(route)}: below 500, and a refusal writes nothing`, { timeout: TIMEOUT }, () =>
      fuzz(route, adminHeaders),
    );
  }

  for (const route of ROUTES.filter(
    (r) => !r.path.startsWith('/api/admin/v1/') && !r.path.startsWith(`${SHOPPER_API_PREFIX}/`),
  )) {
    it(`page ${key(route)}: below 500`, { timeout: TIMEOUT }, async () => {
      const arb = fc.record({
        ids: fc.record(
          Object.fromEntries(
            params(route.path).map((p) => [
              p,
              fc.oneof(id(), fc.constantFrom('brand-a', 'portal-page.js', 'embed.js')),
            ]),
          ),
        ),
        query,
        host: fc.constantFrom('localhost', 'evil.example', '127.0.0.1:8787'),
      });
      await fc.assert(
        fc.asyncProperty(arb, async ({ ids, query: q, host }) => {
          const path = fill(route.path, ids as Record<string, string>);
          await check(
            route,
            () => t.app.request(`http://${host}${path}${q ? `?${q}` : ''}`),
            `GET http://${host}${path}?${q}`,
          );
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('reached every layer: accepted, invalid, unknown ids and each gate', () => {
    const seen = [...statuses.keys()];
    for (const status of [200, 400, 401, 403, 404, 415]) {
      expect(seen, `no ${status} among ${JSON.stringify([...statuses])}`).toContain(status);
    }
  });
});
