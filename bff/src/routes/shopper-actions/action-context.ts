import type { Context } from 'hono';
import { clientIp } from '../../http/client-ip.js';
import type { AppEnv } from '../../http/context.js';
import type { ActionContext } from '../../services/shopper-events/shopper-events.js';

export function actionContext(c: Context<AppEnv>): ActionContext {
  return {
    shopper: c.get('shopper'),
    requestId: c.get('requestId'),
    ip: clientIp(c),
    now: c.get('deps').clock(),
  };
}
