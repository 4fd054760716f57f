import type { Context } from 'hono';
import type { AppEnv } from '../../http/context.js';

/** Auth events and denials for the log: ids only, never a password, code, token or key. */
export function logAuth(
  c: Context<AppEnv>,
  event: string,
  fields: { customerId?: string | undefined; outcome?: string; [k: string]: unknown } = {},
) {
  const portal = c.get('portal');
  c.get('deps').logger.info(
    {
      requestId: c.get('requestId'),
      portalId: portal?.id,
      accountId: portal?.accountId,
      event,
      ...fields,
    },
    `auth ${event}`,
  );
}
