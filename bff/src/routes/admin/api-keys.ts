/**
 * Admin API keys of the caller's account.
 *
 * POST /             create; the answer holds the key, shown this once (only a hash is kept)
 * GET  /             list, paginated: id, name, prefix, created_at, last_used_at, revoked_at
 * POST /:id/revoke   revoke; the key gets 401 from the next request on, on every instance.
 *                    Revoking a revoked key answers its state again.
 */
import { type ApiKey, ApiKeyCreate, type ApiKeyCreated } from '@portico/shared';
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { iso } from '../../http/pagination.js';
import { idParam } from '../../http/params.js';
import { validate } from '../../http/validate.js';
import { createApiKey, revokeApiKey } from '../../services/api-keys/api-keys.js';
import { accountRows, readRoutes } from './account-rows.js';
import { auditAdmin } from './admin-audit.js';

const COLUMNS = ['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at'] as const;

type Row = {
  id: string;
  name: string;
  prefix: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
};

const toApiKey = (r: Row): ApiKey => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  created_at: r.created_at.toISOString(),
  last_used_at: iso(r.last_used_at),
  revoked_at: iso(r.revoked_at),
});

const rows = accountRows('api_keys', (db) => db.selectFrom('api_keys').select(COLUMNS), 'API key');

export const apiKeys = new Hono<AppEnv>()
  .post('/', validate('json', ApiKeyCreate), async (c) => {
    const { db } = c.get('deps');
    const { accountId, apiKeyId } = c.get('admin');
    const { name } = c.req.valid('json');
    const created = await db.transaction().execute(async (tx) => {
      const made = await createApiKey(tx, accountId, name);
      await auditAdmin(c, tx, {
        action: 'api_key.created',
        subjectType: 'api_key',
        subjectId: made.id,
        data: { prefix: made.prefix, by_api_key_id: apiKeyId },
      });
      const row = await rows.find(tx, accountId, made.id);
      return { ...toApiKey(row), key: made.key } satisfies ApiKeyCreated;
    });
    return c.json(created, 201);
  })
  .route('/', readRoutes(rows, toApiKey))
  .post('/:id/revoke', async (c) => {
    const id = idParam(c.req.param('id'), 'API key');
    const { db } = c.get('deps');
    const { accountId, apiKeyId } = c.get('admin');
    const row = await db.transaction().execute(async (tx) => {
      if (await revokeApiKey(tx, accountId, id)) {
        await auditAdmin(c, tx, {
          action: 'api_key.revoked',
          subjectType: 'api_key',
          subjectId: id,
          data: { by_api_key_id: apiKeyId },
        });
      }
      return rows.find(tx, accountId, id);
    });
    return c.json(toApiKey(row));
  });
