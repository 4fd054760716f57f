/**
 * Webhook endpoints of the caller's account: where portal events are POSTed, signed per
 * Standard Webhooks.
 *
 * POST   /                    create; the answer holds `secret` (whsec_…), shown this once
 * GET    /                    list, paginated
 * GET    /:id                 one (never the secret)
 * PATCH  /:id                 url, description, events (empty = all), enabled
 * POST   /:id/rotate-secret   a new secret, shown this once; the old one keeps signing
 *                              (alongside) for 24 hours so receivers can switch over
 * DELETE /:id                 remove it and its pending deliveries
 * GET    /:id/deliveries      the delivery log, newest first: one row per attempt
 * URLs: https only in production, never at a loopback, private or reserved IP literal or a
 * *.localhost name; outside production http is accepted for loopback receivers.
 */
import {
  PageQuery,
  type WebhookDeliveryAttempt,
  type WebhookEndpoint,
  WebhookEndpointCreate,
  WebhookEndpointEdit,
  type WebhookEndpointWithSecret,
} from '@portico/shared';
import { Hono } from 'hono';
import { ApiError } from '../../http/api-error.js';
import type { AppEnv } from '../../http/context.js';
import { afterCursor, decodeCursor, toPage } from '../../http/pagination.js';
import { idParam } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { newWebhookSecret } from '../../services/webhooks/signing.js';
import { endpointUrlProblem } from '../../services/webhooks/url-policy.js';
import { accountRows, readRoutes } from './account-rows.js';
import { auditAdmin } from './admin-audit.js';

const ROTATION_GRACE_MS = 24 * 60 * 60_000;

const COLUMNS = [
  'id',
  'url',
  'description',
  'events',
  'enabled',
  'created_at',
  'updated_at',
] as const;

type Row = {
  id: string;
  url: string;
  description: string | null;
  events: string[];
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
};

const toEndpoint = (r: Row): WebhookEndpoint => ({
  id: r.id,
  url: r.url,
  description: r.description,
  events: r.events,
  enabled: r.enabled,
  created_at: r.created_at.toISOString(),
  updated_at: r.updated_at.toISOString(),
});

const rows = accountRows(
  'webhook_endpoints',
  (db) => db.selectFrom('webhook_endpoints').select(COLUMNS),
  'webhook endpoint',
);

function checkUrl(url: string, production: boolean): void {
  const problem = endpointUrlProblem(url, production);
  if (problem)
    throw new ApiError('validation_failed', 'the body is not valid', {
      issues: [{ path: 'url', code: 'url_not_allowed', message: problem }],
    });
}

export const webhookEndpoints = new Hono<AppEnv>()
  .post('/', validate('json', WebhookEndpointCreate), async (c) => {
    const { db, config } = c.get('deps');
    const { accountId } = c.get('admin');
    const input = c.req.valid('json');
    checkUrl(input.url, config.production);
    const secret = newWebhookSecret();
    const created = await db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('webhook_endpoints')
        .values({
          account_id: accountId,
          url: input.url,
          description: input.description ?? null,
          events: input.events ?? [],
          enabled: input.enabled ?? true,
          secret,
        })
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      await auditAdmin(c, tx, {
        action: 'webhook_endpoint.created',
        subjectType: 'webhook_endpoint',
        subjectId: row.id,
        data: { url: row.url, events: row.events, enabled: row.enabled },
      });
      return row;
    });
    return c.json({ ...toEndpoint(created), secret } satisfies WebhookEndpointWithSecret, 201);
  })
  .route('/', readRoutes(rows, toEndpoint))
  .patch('/:id', validate('json', WebhookEndpointEdit), async (c) => {
    const id = idParam(c.req.param('id'), rows.what);
    const { db, config, clock } = c.get('deps');
    const { accountId } = c.get('admin');
    const input = c.req.valid('json');
    if (input.url !== undefined) checkUrl(input.url, config.production);
    const row = await db.transaction().execute(async (tx) => {
      await rows.find(tx, accountId, id, { forUpdate: true });
      const updated = await tx
        .updateTable('webhook_endpoints')
        .set({
          ...(input.url !== undefined ? { url: input.url } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.events !== undefined ? { events: input.events } : {}),
          ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
          updated_at: clock(),
        })
        .where('id', '=', id)
        .where('account_id', '=', accountId)
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      await auditAdmin(c, tx, {
        action: 'webhook_endpoint.updated',
        subjectType: 'webhook_endpoint',
        subjectId: id,
        data: { fields: Object.keys(input).sort() },
      });
      return updated;
    });
    return c.json(toEndpoint(row));
  })
  .post('/:id/rotate-secret', async (c) => {
    const id = idParam(c.req.param('id'), rows.what);
    const { db, clock } = c.get('deps');
    const { accountId } = c.get('admin');
    const secret = newWebhookSecret();
    const now = clock();
    const row = await db.transaction().execute(async (tx) => {
      await rows.find(tx, accountId, id, { forUpdate: true });
      const updated = await tx
        .updateTable('webhook_endpoints')
        .set((eb) => ({
          previous_secret: eb.ref('secret'),
          previous_secret_expires_at: new Date(now.getTime() + ROTATION_GRACE_MS),
          secret,
          updated_at: now,
        }))
        .where('id', '=', id)
        .where('account_id', '=', accountId)
        .returning(COLUMNS)
        .executeTakeFirstOrThrow();
      await auditAdmin(c, tx, {
        action: 'webhook_endpoint.secret_rotated',
        subjectType: 'webhook_endpoint',
        subjectId: id,
      });
      return updated;
    });
    return c.json({ ...toEndpoint(row), secret } satisfies WebhookEndpointWithSecret);
  })
  .delete('/:id', async (c) => {
    const id = idParam(c.req.param('id'), rows.what);
    const { db } = c.get('deps');
    const { accountId } = c.get('admin');
    await db.transaction().execute(async (tx) => {
      const row = await rows.find(tx, accountId, id, { forUpdate: true });
      await tx
        .deleteFrom('webhook_endpoints')
        .where('id', '=', id)
        .where('account_id', '=', accountId)
        .execute();
      await auditAdmin(c, tx, {
        action: 'webhook_endpoint.deleted',
        subjectType: 'webhook_endpoint',
        subjectId: id,
        data: { url: row.url },
      });
    });
    return c.body(null, 204);
  })
  .get('/:id/deliveries', validate('query', PageQuery), async (c) => {
    const id = idParam(c.req.param('id'), rows.what);
    const { db } = c.get('deps');
    const { accountId } = c.get('admin');
    const page = c.req.valid('query');
    await rows.find(db, accountId, id);
    const qb = db
      .selectFrom('webhook_delivery_attempts')
      .selectAll()
      .where('endpoint_id', '=', id)
      .where('account_id', '=', accountId);
    const found = await afterCursor(
      qb,
      decodeCursor(page.cursor),
      'webhook_delivery_attempts',
      'desc',
    )
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(page.limit + 1)
      .execute();
    return c.json(
      toPage(
        found,
        page.limit,
        (r): WebhookDeliveryAttempt => ({
          id: r.id,
          delivery_id: r.delivery_id,
          event_id: r.event_id,
          event_type: r.event_type,
          attempt: r.attempt,
          status_code: r.status_code,
          error: r.error,
          succeeded: r.error === null,
          duration_ms: r.duration_ms,
          created_at: r.created_at.toISOString(),
        }),
      ),
    );
  });
