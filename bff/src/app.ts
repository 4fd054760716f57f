import { SHOPPER_API_PREFIX } from '@portico/shared';
import { Hono } from 'hono';
import { ApiError, notFound } from './http/api-error.js';
import type { AppDeps, AppEnv } from './http/context.js';
import { errorBody, handleError } from './http/error-handler.js';
import { setResponseHeader } from './http/response-headers.js';
import { bodyLimit } from './middleware/body-limit.js';
import { corsPortal } from './middleware/cors-portal.js';
import { requestId } from './middleware/request-id.js';
import { adminApi } from './routes/admin/index.js';
import { devMailbox } from './routes/dev/mailbox.js';
import { examples } from './routes/examples/examples.js';
import { health } from './routes/health.js';
import { portalPage } from './routes/portal-page/portal-page.js';
import { shopperApi } from './routes/shopper/index.js';
import { widgetAssets } from './routes/widget-assets/widget-assets.js';

export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use(requestId);
  app.use(
    bodyLimit({
      maxSize: 256 * 1024,
      onError: () => {
        throw new ApiError('payload_too_large', 'the request body is too large');
      },
    }),
  );
  app.use('/api/*', async (c, next) => {
    await next();
    setResponseHeader(c, 'Cache-Control', 'no-store');
    setResponseHeader(c, 'X-Content-Type-Options', 'nosniff');
  });
  app.use('/api/portals/*', corsPortal);
  app.route('/', health);
  app.route('/api/admin/v1', adminApi);
  app.route('/', portalPage);
  app.route('/', widgetAssets);
  // The demo storefronts exist only outside production.
  if (!deps.config.production) app.route('/', examples);
  app.route(SHOPPER_API_PREFIX, shopperApi);
  app.route('/dev', devMailbox);
  app.notFound((c) => c.json(errorBody(notFound('route')), 404));
  app.onError(handleError);
  return app;
}

export type App = ReturnType<typeof createApp>;
