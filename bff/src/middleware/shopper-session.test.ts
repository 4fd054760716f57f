import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from '../http/context.js';
import { handleError } from '../http/error-handler.js';
import { json } from '../testing/harness.js';
import { GOOD_PASSWORD, shopperRequest as req, sessionCookie } from '../testing/shopper.js';
import { shopperContext } from '../testing/shopper-setup.js';
import { csrfProtect } from './csrf.js';
import { resolvePortal } from './portal.js';
import { requestId } from './request-id.js';
import { requirePermission, requireShopper } from './shopper-session.js';

/** The exported middleware, composed as the actions routes will compose them. */
describe('requireShopper + requirePermission for other routes', () => {
  let s: Awaited<ReturnType<typeof shopperContext>>;
  let app: Hono<AppEnv>;
  beforeAll(async () => {
    s = await shopperContext();
    const actions = new Hono<AppEnv>()
      .use('/:portalId/*', resolvePortal)
      .post(
        '/:portalId/try/cancel',
        csrfProtect,
        requireShopper,
        requirePermission('subscription_cancel'),
        (c) => c.json({ shopper: c.get('shopper'), portal: c.get('portal') }),
      );
    app = new Hono<AppEnv>();
    app.use(async (c, next) => {
      c.set('deps', s.t.deps);
      await next();
    });
    app.use(requestId);
    app.route('/api/portals', actions);
    app.onError(handleError);
  });
  afterAll(() => s.t.close());

  it('sets shopper and portal with the shared shapes, and 403s a permission that is off', async () => {
    const c = await s.registeredCustomer();
    const cookie = sessionCookie(
      await req(s.t.app, s.a, 'POST', '/login', { email: c.email, password: GOOD_PASSWORD }),
    );
    const anon = await req(app as never, s.a, 'POST', '/try/cancel', {});
    expect(anon.status).toBe(401);
    const ok = await req(app as never, s.a, 'POST', '/try/cancel', {}, { cookie });
    expect(ok.status).toBe(200);
    const body = await json(ok);
    expect(body.shopper).toMatchObject({
      accountId: s.t.account.id,
      portalId: s.a.id,
      customerId: c.id,
    });
    expect(body.portal).toEqual({
      id: s.a.id,
      accountId: s.t.account.id,
      trackingDomain: s.a.hostname,
      permissions: expect.arrayContaining(['subscription_cancel']),
    });
    await s.db
      .updateTable('portals')
      .set({ permissions: ['contact_modify'] })
      .where('id', '=', s.a.id)
      .execute();
    const denied = await req(app as never, s.a, 'POST', '/try/cancel', {}, { cookie });
    expect(denied.status).toBe(403);
    expect((await json(denied)).error.code).toBe('permission_denied');
  });
});
