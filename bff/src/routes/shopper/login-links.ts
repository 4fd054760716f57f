import { LoginLinkRedeem, type LoginLinkRedeemed } from '@portico/shared';
import { Hono } from 'hono';
import { ApiError } from '../../http/api-error.js';
import type { AppEnv } from '../../http/context.js';
import { validate } from '../../http/validate.js';
import { clientIp } from '../../middleware/client-ip.js';
import { csrfProtect } from '../../middleware/csrf.js';
import { portalRecord } from '../../middleware/portal.js';
import { logAuth } from '../../services/identity/audit-log.js';
import { redeemLoginLink } from '../../services/login-links/redeem.js';
import { hit, retryAfterSeconds } from '../../services/rate-limits/rate-limits.js';
import { carriedSessionId, sessionInfo, setSessionFor } from './session-issue.js';

/** Redemptions per client IP per 15 minutes: tokens are unguessable, this caps the noise. */
export const REDEEMS_PER_IP = 30;
const WINDOW_MS = 15 * 60 * 1000;

/**
 * POST /:portalId/login-links/redeem {token} → SessionInfo + deep_link, session cookie set.
 * 401 login_link_invalid (unknown, altered, another portal's, customer not admitted),
 * 410 login_link_used / login_link_expired. Never a session for any of those.
 */
export const loginLinkRoutes = new Hono<AppEnv>().post(
  '/:portalId/login-links/redeem',
  csrfProtect,
  validate('json', LoginLinkRedeem),
  async (c) => {
    const { db, config, clock } = c.get('deps');
    const portal = portalRecord(c);
    const ip = clientIp(c);
    const now = clock();
    const limit = { key: `login-link:ip:${ip}`, windowMs: WINDOW_MS };
    if ((await hit(db, limit, now)) > REDEEMS_PER_IP) {
      logAuth(c, 'login_link', { outcome: 'rate_limited', ip });
      throw new ApiError('rate_limited', 'too many attempts; try again later', undefined, {
        'Retry-After': String(retryAfterSeconds(limit, now)),
      });
    }
    const outcome = await redeemLoginLink(db, portal, c.req.valid('json').token, {
      secret: config.secret,
      now,
      requestId: c.get('requestId'),
      ip,
      userAgent: c.req.header('user-agent'),
      previousSessionId: await carriedSessionId(c),
    });
    const ids = { linkId: 'linkId' in outcome ? outcome.linkId : undefined };
    switch (outcome.kind) {
      case 'invalid':
        logAuth(c, 'login_link', { outcome: 'invalid', customerId: outcome.customerId, ...ids });
        throw new ApiError('login_link_invalid', 'this login link is not valid');
      case 'used':
        logAuth(c, 'login_link', { outcome: 'used', customerId: outcome.customerId, ...ids });
        throw new ApiError('login_link_used', 'this login link was already used');
      case 'expired':
        logAuth(c, 'login_link', { outcome: 'expired', customerId: outcome.customerId, ...ids });
        throw new ApiError('login_link_expired', 'this login link has expired');
    }
    await setSessionFor(c, outcome.session);
    logAuth(c, 'login_link', { outcome: 'ok', customerId: outcome.customer.id, ...ids });
    const body: LoginLinkRedeemed = {
      ...sessionInfo(outcome.session, outcome.customer),
      deep_link: outcome.deepLink,
    };
    return c.json(body);
  },
);
