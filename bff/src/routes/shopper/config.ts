import { Hono } from 'hono';
import type { AppEnv } from '../../http/context.js';
import { portalRecord } from '../../middleware/portal.js';
import { publicPortalConfig } from '../../services/portals/public-config.js';

/** Public portal configuration for the widget: nothing secret. */
export const configRoutes = new Hono<AppEnv>().get('/:portalId/config', (c) =>
  c.json(publicPortalConfig(portalRecord(c), c.get('deps').config)),
);
