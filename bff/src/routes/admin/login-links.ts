/**
 * Portal login links (merchant admin API).
 *
 * POST /:id/login-links  {customer_id, ttl_seconds?, deep_link?} → 201 {id, url, expires_at}
 *   A single-use link for one customer on this portal, valid for ttl_seconds (≤ 900, the
 *   default). The URL is shown once; only a hash of its token is stored.
 */
import { LoginLinkCreate } from '@portico/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { idParam } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { mintLoginLink } from '../../services/login-links/mint.js';

export const loginLinks = new Hono<AppEnv>().post(
  '/:id/login-links',
  validate('json', LoginLinkCreate),
  async (c) => {
    const portalId = idParam(c.req.param('id'), 'portal');
    const { db, config, clock } = c.get('deps');
    const admin = c.get('admin');
    const created = await mintLoginLink(
      db,
      {
        accountId: admin.accountId,
        apiKeyId: admin.apiKeyId,
        requestId: c.get('requestId'),
        secret: config.secret,
        now: clock(),
      },
      portalId,
      c.req.valid('json'),
    );
    return c.json(created, 201);
  },
);
