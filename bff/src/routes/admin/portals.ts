/**
 * Customer portals (CreateCustomerPortal and friends).
 *
 * POST  /             create; the rules in services/portals/portal-rules.ts: a DNS-ready,
 *                     SSL-active tracking domain, an SMTP profile, both emails carrying
 *                     {{email_code}} and sent from the profile's address, filter campaign and
 *                     shop ids of this account, a campaign when create_non_existing_customer
 * GET   /             list, paginated
 * GET   /:id          one
 * PATCH /:id          edit; the same rules re-checked on the merged result
 * POST  /:id/enable   needs a tracking domain that is still ready
 * POST  /:id/disable  also ends the portal's shopper sessions
 * GET   /:id/embed    iframe, script-tag and inline snippets
 * footer_html is sanitized on save; recaptcha_secret_key is write-only.
 */
import type { Database, Tx } from '@portico/db';
import { type Portal, PortalCreate, PortalEdit } from '@portico/shared';
import { type Context, Hono } from 'hono';
import type { Selectable } from 'kysely';
import type { AppEnv } from '../../http/context.js';
import { idParam } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { sanitizeFooterHtml } from '../../services/html/sanitize-footer.js';
import { embedSnippet, portalUrl } from '../../services/portals/embed-snippet.js';
import {
  checkPortalRules,
  type PortalSettings,
  readyTrackingDomain,
} from '../../services/portals/portal-rules.js';
import { accountRows, readRoutes } from './account-rows.js';
import { auditAdmin } from './admin-audit.js';

type Row = Selectable<Database['portals']> & { hostname: string };

/** Settings a merchant may read back: all but the reCAPTCHA secret. */
const VISIBLE = [
  'name',
  'display_name',
  'description',
  'footer_html',
  'tracking_domain_id',
  'smtp_profile_id',
  'recaptcha_site_key',
  'confirmation_email',
  'password_reset_email',
  'campaign_ids',
  'shop_ids',
  'permissions',
  'create_non_existing_customer',
  'non_existing_customer_campaign_id',
  'allowed_origins',
  'locale',
  'enabled',
  'cancel_reasons',
  'cancel_comment',
  'cancel_save_offer',
] as const satisfies readonly (keyof PortalSettings & keyof Row)[];

const pick = <K extends keyof Row>(r: Row, keys: readonly K[]): Pick<Row, K> =>
  Object.fromEntries(keys.map((k) => [k, r[k]])) as Pick<Row, K>;

const toPortal = (r: Row): Portal => ({
  id: r.id,
  ...pick(r, VISIBLE),
  tracking_domain: r.hostname,
  url: portalUrl(r.hostname, r.id),
  created_at: r.created_at.toISOString(),
  updated_at: r.updated_at.toISOString(),
});

const settingsOf = (r: Row): PortalSettings => ({
  ...pick(r, VISIBLE),
  recaptcha_secret_key: r.recaptcha_secret_key,
});

const unique = <T>(xs: T[]): T[] => [...new Set(xs)];

/** Column values for a portal that has passed the rules. */
const columnsOf = (s: PortalSettings) => ({
  name: s.name,
  display_name: s.display_name ?? null,
  description: s.description ?? null,
  footer_html: sanitizeFooterHtml(s.footer_html),
  tracking_domain_id: s.tracking_domain_id,
  smtp_profile_id: s.smtp_profile_id,
  recaptcha_site_key: s.recaptcha_site_key,
  recaptcha_secret_key: s.recaptcha_secret_key,
  confirmation_email: JSON.stringify(s.confirmation_email),
  password_reset_email: JSON.stringify(s.password_reset_email),
  campaign_ids: unique(s.campaign_ids),
  shop_ids: unique(s.shop_ids),
  permissions: unique(s.permissions),
  create_non_existing_customer: s.create_non_existing_customer,
  non_existing_customer_campaign_id: s.non_existing_customer_campaign_id ?? null,
  allowed_origins: unique(s.allowed_origins),
  locale: s.locale,
  enabled: s.enabled,
  cancel_reasons: JSON.stringify(s.cancel_reasons),
  cancel_comment: s.cancel_comment,
  cancel_save_offer: s.cancel_save_offer,
});

/** An account's portals, with their tracking domain's hostname. */
const rows = accountRows(
  'portals',
  (db) =>
    db
      .selectFrom('portals')
      .innerJoin('tracking_domains', 'tracking_domains.id', 'portals.tracking_domain_id')
      .selectAll('portals')
      .select('tracking_domains.hostname'),
  'portal',
);
const findPortal = rows.find;

/** Sets enabled, and on disable revokes the portal's shopper sessions in the same transaction. */
async function setEnabled(c: Context<AppEnv>, enabled: boolean): Promise<Response> {
  const id = idParam(c.req.param('id'), 'portal');
  const { db, clock } = c.get('deps');
  const { accountId } = c.get('admin');
  const row = await db.transaction().execute(async (tx) => {
    const current = await findPortal(tx, accountId, id, { forUpdate: true });
    if (enabled) await readyTrackingDomain(tx, accountId, current.tracking_domain_id);
    else await revokeSessions(tx, id, clock());
    await tx
      .updateTable('portals')
      .set({ enabled, updated_at: clock() })
      .where('id', '=', id)
      .execute();
    await audit(c, tx, id, enabled ? 'portal.enabled' : 'portal.disabled');
    return findPortal(tx, accountId, id);
  });
  return c.json(toPortal(row));
}

async function revokeSessions(tx: Tx, portalId: string, now: Date): Promise<void> {
  await tx
    .updateTable('sessions')
    .set({ revoked_at: now, revoked_reason: 'portal_disabled' })
    .where('portal_id', '=', portalId)
    .where('revoked_at', 'is', null)
    .execute();
}

const audit = (
  c: Context<AppEnv>,
  tx: Tx,
  portalId: string,
  action: string,
  data?: Record<string, unknown>,
) =>
  auditAdmin(c, tx, {
    action,
    subjectType: 'portal',
    subjectId: portalId,
    portalId,
    ...(data ? { data } : {}),
  });

export const portals = new Hono<AppEnv>()
  .post('/', validate('json', PortalCreate), async (c) => {
    const { db } = c.get('deps');
    const { accountId } = c.get('admin');
    const input = c.req.valid('json');
    const row = await db.transaction().execute(async (tx) => {
      await checkPortalRules(tx, accountId, input);
      const created = await tx
        .insertInto('portals')
        .values({ account_id: accountId, ...columnsOf(input) })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(c, tx, created.id, 'portal.created');
      return findPortal(tx, accountId, created.id);
    });
    return c.json(toPortal(row), 201);
  })
  .route('/', readRoutes(rows, toPortal))
  .patch('/:id', validate('json', PortalEdit), async (c) => {
    const id = idParam(c.req.param('id'), 'portal');
    const { db, clock } = c.get('deps');
    const { accountId } = c.get('admin');
    const input = c.req.valid('json');
    const row = await db.transaction().execute(async (tx) => {
      // Locked, so two concurrent edits merge one after the other instead of losing one.
      const current = await findPortal(tx, accountId, id, { forUpdate: true });
      const merged: PortalSettings = { ...settingsOf(current), ...input };
      await checkPortalRules(tx, accountId, merged);
      await tx
        .updateTable('portals')
        .set({ ...columnsOf(merged), updated_at: clock() })
        .where('id', '=', id)
        .execute();
      if (current.enabled && !merged.enabled) await revokeSessions(tx, id, clock());
      // Field names only: values may hold the reCAPTCHA secret.
      await audit(c, tx, id, 'portal.updated', { fields: Object.keys(input).sort() });
      return findPortal(tx, accountId, id);
    });
    return c.json(toPortal(row));
  })
  .post('/:id/enable', (c) => setEnabled(c, true))
  .post('/:id/disable', (c) => setEnabled(c, false))
  .get('/:id/embed', async (c) => {
    const id = idParam(c.req.param('id'), 'portal');
    const row = await findPortal(c.get('deps').db, c.get('admin').accountId, id);
    return c.json(embedSnippet(row.hostname, row.id, row.display_name ?? row.name));
  });
