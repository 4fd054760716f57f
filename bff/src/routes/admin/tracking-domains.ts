/**
 * Tracking domains: the merchant's customer-facing hostnames (portal.brand.com).
 *
 * POST /            create; a hostname belongs to one account worldwide (409 `conflict`)
 * GET  /            list, paginated
 * GET  /:id         one
 * POST /:id/verify  DNS (A/AAAA or CNAME) and a TLS handshake that must present a valid
 *                   certificate for the name; stores dns_ready, ssl_active, verified_at
 *                   (set when both pass, cleared otherwise) and last_check_error.
 * Only a DNS-ready, SSL-active domain can carry a portal. In production a name that points
 * at a loopback, private or link-local address is not ready (no probing of our own network).
 */
import { type TrackingDomain, TrackingDomainCreate } from '@portico/shared';
import { Hono } from 'hono';
import { ApiError } from '../../http/api-error.js';
import type { AppEnv } from '../../http/context.js';
import { isUniqueViolation } from '../../http/list-page.js';
import { iso } from '../../http/pagination.js';
import { idParam } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { checkDomain, domainCheckOptions } from '../../services/tracking-domains/domain-check.js';
import { accountRows, readRoutes } from './account-rows.js';
import { auditAdmin } from './admin-audit.js';

const COLUMNS = [
  'id',
  'hostname',
  'dns_ready',
  'ssl_active',
  'verified_at',
  'last_check_error',
  'created_at',
] as const;

type Row = {
  id: string;
  hostname: string;
  dns_ready: boolean;
  ssl_active: boolean;
  verified_at: Date | null;
  last_check_error: string | null;
  created_at: Date;
};

const toTrackingDomain = (r: Row): TrackingDomain => ({
  id: r.id,
  hostname: r.hostname,
  dns_ready: r.dns_ready,
  ssl_active: r.ssl_active,
  verified_at: iso(r.verified_at),
  last_check_error: r.last_check_error,
  created_at: r.created_at.toISOString(),
});

const rows = accountRows(
  'tracking_domains',
  (db) => db.selectFrom('tracking_domains').select(COLUMNS),
  'tracking domain',
);

export const trackingDomains = new Hono<AppEnv>()
  .post('/', validate('json', TrackingDomainCreate), async (c) => {
    const { db } = c.get('deps');
    const { accountId } = c.get('admin');
    const { hostname } = c.req.valid('json');
    try {
      const row = await db.transaction().execute(async (tx) => {
        const created = await tx
          .insertInto('tracking_domains')
          .values({ account_id: accountId, hostname })
          .returning(COLUMNS)
          .executeTakeFirstOrThrow();
        await auditAdmin(c, tx, {
          action: 'tracking_domain.created',
          subjectType: 'tracking_domain',
          subjectId: created.id,
          data: { hostname },
        });
        return created;
      });
      return c.json(toTrackingDomain(row), 201);
    } catch (err) {
      // Same answer whichever account holds the name: it is taken, nothing more.
      if (isUniqueViolation(err))
        throw new ApiError('conflict', 'this hostname is already registered', {
          field: 'hostname',
        });
      throw err;
    }
  })
  .route('/', readRoutes(rows, toTrackingDomain))
  .post('/:id/verify', async (c) => {
    const id = idParam(c.req.param('id'), 'tracking domain');
    const deps = c.get('deps');
    const { accountId } = c.get('admin');
    const domain = await rows.find(deps.db, accountId, id);
    // Network checks run outside the transaction: no row lock is held while we wait.
    const result = await checkDomain(
      domain.hostname,
      domainCheckOptions({ allowPrivateAddresses: !deps.config.production, ...deps.domainCheck }),
    );
    const ready = result.dnsReady && result.sslActive;
    const row = await deps.db.transaction().execute(async (tx) => {
      const updated = await tx
        .updateTable('tracking_domains')
        .set({
          dns_ready: result.dnsReady,
          ssl_active: result.sslActive,
          verified_at: ready ? deps.clock() : null,
          last_check_error: result.error,
        })
        .where('id', '=', id)
        .where('account_id', '=', accountId)
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      await auditAdmin(c, tx, {
        action: 'tracking_domain.verified',
        subjectType: 'tracking_domain',
        subjectId: id,
        data: { dns_ready: result.dnsReady, ssl_active: result.sslActive, error: result.error },
      });
      return updated;
    });
    return c.json(toTrackingDomain(row));
  });
