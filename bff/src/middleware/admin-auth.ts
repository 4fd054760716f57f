import { createMiddleware } from 'hono/factory';
import { ApiError } from '../http/api-error.js';
import type { AppEnv } from '../http/context.js';
import { findActiveKey, touchApiKey } from '../services/api-keys/api-keys.js';

/** `Authorization: Bearer <key>` only: never a query string or cookie. */
export const adminAuth = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer (\S+)$/.exec(header);
  const key = match ? await findActiveKey(c.get('deps').db, match[1] as string) : undefined;
  if (!key) {
    c.get('deps').logger.info({ requestId: c.get('requestId') }, 'admin auth denied');
    throw new ApiError('unauthorized', 'a valid API key is required', undefined, {
      'WWW-Authenticate': 'Bearer',
    });
  }
  await touchApiKey(c.get('deps').db, key, c.get('deps').clock());
  c.set('admin', { accountId: key.account_id, apiKeyId: key.id });
  await next();
});

/**
 * Admin writes take JSON only. An action without a body (POST /:id/verify, /enable,
 * /revoke) needs no content type; any body that is sent must be declared JSON.
 */
export const requireJson = createMiddleware<AppEnv>(async (c, next) => {
  if (['POST', 'PUT', 'PATCH'].includes(c.req.method)) {
    const type = c.req.header('content-type');
    const isJson = type !== undefined && /^application\/json\s*(;|$)/i.test(type);
    // Hono caches the body it reads here, so the JSON validator can still parse it.
    if (!isJson && (type !== undefined || (await c.req.arrayBuffer()).byteLength > 0)) {
      throw new ApiError('unsupported_media_type', 'send the body as application/json');
    }
  }
  await next();
});
