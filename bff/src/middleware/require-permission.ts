import type { Permission } from '@portico/shared';
import { createMiddleware } from 'hono/factory';
import { ApiError } from '../http/api-error.js';
import type { AppEnv } from '../http/context.js';

/** Refuses a shopper action whose permission the portal has switched off, widget or not. */
export const requirePermission = (permission: Permission) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const shopper = c.get('shopper');
    if (!shopper?.permissions.includes(permission)) {
      throw new ApiError('permission_denied', `this portal does not allow ${permission}`, {
        permission,
      });
    }
    await next();
  });
