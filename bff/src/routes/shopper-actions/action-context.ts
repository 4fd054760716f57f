import type { Context } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { clientIp } from '../../middleware/client-ip.js';
import { portalRecord } from '../../middleware/portal.js';
import type { ActionContext } from '../../services/shopper-events/shopper-events.js';

export function actionContext(c: Context<AppEnv>): ActionContext {
  return {
    shopper: c.get('shopper'),
    portalName: portalRecord(c).displayName,
    requestId: c.get('requestId'),
    ip: clientIp(c),
    now: c.get('deps').clock(),
  };
}
