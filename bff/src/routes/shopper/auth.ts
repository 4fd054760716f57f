import {
  type AcceptedResponse,
  ConfirmRequest,
  LoginRequest,
  RegisterRequest,
  ResetConfirmRequest,
  ResetRequest,
} from '@portico/shared';
import { type Context, Hono } from 'hono';
import { ApiError } from '../../http/api-error.js';
import type { AppEnv } from '../../http/context.js';
import { validate } from '../../http/validate.js';
import { clientIp, isHttps } from '../../middleware/client-ip.js';
import { csrfProtect } from '../../middleware/csrf.js';
import { portalRecord } from '../../middleware/portal.js';
import { requireShopper } from '../../middleware/shopper-session.js';
import { verifyCaptcha } from '../../services/captcha/captcha.js';
import { consumeCode } from '../../services/codes/email-codes.js';
import { findEligibleByEmail } from '../../services/customers/eligibility.js';
import { logAuth } from '../../services/identity/audit-log.js';
import { checkCredentials } from '../../services/identity/login.js';
import { LOGIN_BUSY_RETRY_AFTER_S, loginLane } from '../../services/identity/login-lane.js';
import { registerShopper } from '../../services/identity/register.js';
import { confirmPasswordReset, requestPasswordReset } from '../../services/identity/reset.js';
import { hashPassword } from '../../services/passwords/hasher.js';
import { passwordProblem } from '../../services/passwords/policy.js';
import { QueueFull } from '../../services/passwords/semaphore.js';
import {
  loginGate,
  recordLoginFailure,
  recordLoginSuccess,
} from '../../services/rate-limits/login-limits.js';
import { hit, retryAfterSeconds } from '../../services/rate-limits/rate-limits.js';
import { clearSessionCookie } from '../../services/sessions/cookie.js';
import { revokeSession } from '../../services/sessions/sessions.js';
import { startSession } from './session-issue.js';

const ACCEPTED: AcceptedResponse = { status: 'accepted' };
const HOUR = 60 * 60 * 1000;
/** Registrations and reset requests per client IP per hour (mail-bombing, enumeration). */
export const MAIL_REQUESTS_PER_IP_HOUR = 30;

function invalidCredentials(): ApiError {
  return new ApiError('invalid_credentials', 'the email or password is not right');
}

function invalidCode(): ApiError {
  return new ApiError('invalid_code', 'the code is not right or has expired; ask for a new one');
}

function weakPassword(problem: string): ApiError {
  return new ApiError('validation_failed', 'the password is not allowed', {
    issues: [{ path: 'password', code: problem, message: `password ${problem.replace('_', ' ')}` }],
  });
}

async function requireCaptcha(c: Context<AppEnv>, token: string | undefined): Promise<void> {
  const portal = portalRecord(c);
  if (!token) throw new ApiError('captcha_required', 'please complete the reCAPTCHA');
  const deps = c.get('deps');
  const ok = await verifyCaptcha(
    deps.config,
    {
      token,
      secret: portal.recaptchaSecretKey,
      hostname: portal.trackingDomain,
      remoteIp: clientIp(c),
    },
    deps.captchaFetch,
  );
  if (!ok) {
    logAuth(c, 'captcha_failed');
    throw new ApiError('captcha_failed', 'the reCAPTCHA answer was not accepted');
  }
}

/**
 * Runs a credential check in the login lane (see login-lane.ts). A full queue is a 503 with
 * Retry-After, decided before the account is looked up, so it says nothing about it, and
 * it is no failed attempt: nothing was checked.
 */
async function inLoginLane<T>(c: Context<AppEnv>, check: () => Promise<T>): Promise<T> {
  try {
    return await (c.get('deps').loginLane ?? loginLane).run(check);
  } catch (err) {
    if (!(err instanceof QueueFull)) throw err;
    logAuth(c, 'login', { outcome: 'busy', ip: clientIp(c) });
    throw new ApiError('service_unavailable', 'too many logins right now; try again', undefined, {
      'Retry-After': String(LOGIN_BUSY_RETRY_AFTER_S),
    });
  }
}

/** Per-IP cap on requests that send mail; 429 with Retry-After past it. */
async function limitMailRequests(c: Context<AppEnv>, what: string): Promise<void> {
  const { db, clock } = c.get('deps');
  const now = clock();
  const w = { key: `${what}:ip:${clientIp(c)}`, windowMs: HOUR };
  if ((await hit(db, w, now)) > MAIL_REQUESTS_PER_IP_HOUR) {
    logAuth(c, `${what}_rate_limited`);
    throw new ApiError('rate_limited', 'too many requests; try again later', undefined, {
      'Retry-After': String(retryAfterSeconds(w, now)),
    });
  }
}

export const authRoutes = new Hono<AppEnv>()
  .post('/:portalId/register', csrfProtect, validate('json', RegisterRequest), async (c) => {
    const body = c.req.valid('json');
    const { db, config, clock } = c.get('deps');
    const portal = portalRecord(c);
    await requireCaptcha(c, body.captcha_token);
    const problem = passwordProblem(body.password);
    if (problem) throw weakPassword(problem);
    await limitMailRequests(c, 'register');
    // Hashed whatever happens next, so every outcome costs the same.
    const passwordHash = await hashPassword(body.password);
    const outcome = await registerShopper(
      db,
      config.secret,
      portal,
      {
        email: body.email,
        passwordHash,
        firstName: body.first_name,
        lastName: body.last_name,
        requestId: c.get('requestId'),
        ip: clientIp(c),
      },
      clock(),
    );
    logAuth(c, 'register', {
      outcome: outcome.kind,
      customerId: 'customerId' in outcome ? outcome.customerId : undefined,
    });
    return c.json(ACCEPTED, 202);
  })
  .post('/:portalId/confirm', csrfProtect, validate('json', ConfirmRequest), async (c) => {
    const body = c.req.valid('json');
    const { db, config, clock } = c.get('deps');
    const portal = portalRecord(c);
    const customer = await findEligibleByEmail(db, portal, body.email);
    const consumed = customer
      ? await consumeCode(
          db,
          config.secret,
          {
            accountId: portal.accountId,
            portalId: portal.id,
            customerId: customer.id,
            purpose: 'confirm',
          },
          body.code,
          clock(),
        )
      : undefined;
    if (!customer || !consumed) {
      logAuth(c, 'confirm', { outcome: 'refused', customerId: customer?.id });
      throw invalidCode();
    }
    // The password chosen by the registration that sent this very code.
    await db
      .updateTable('customer_logins')
      .set((eb) => ({
        confirmed_at: eb.fn.coalesce('confirmed_at', eb.val(clock())),
        ...(consumed.passwordHash ? { password_hash: consumed.passwordHash } : {}),
      }))
      .where('customer_id', '=', customer.id)
      .execute();
    const info = await startSession(c, portal, customer);
    logAuth(c, 'confirm', { outcome: 'ok', customerId: customer.id });
    return c.json(info);
  })
  .post('/:portalId/login', csrfProtect, validate('json', LoginRequest), async (c) => {
    const body = c.req.valid('json');
    const { db, clock } = c.get('deps');
    const portal = portalRecord(c);
    const ip = clientIp(c);
    const gate = await loginGate(db, portal.id, body.email, ip, clock());
    if (gate.kind === 'blocked') {
      logAuth(c, 'login', { outcome: 'rate_limited', ip });
      throw new ApiError('rate_limited', 'too many attempts; try again later', undefined, {
        'Retry-After': String(gate.retryAfter),
      });
    }
    if (gate.kind === 'captcha' || body.captcha_token) {
      await requireCaptcha(c, body.captcha_token).catch(async (err) => {
        if (err instanceof ApiError && err.code === 'captcha_failed') {
          await recordLoginFailure(db, portal.id, body.email, ip, clock());
        }
        throw err;
      });
    }
    const customer = await inLoginLane(c, () =>
      checkCredentials(db, portal, body.email, body.password),
    );
    if (!customer) {
      await recordLoginFailure(db, portal.id, body.email, ip, clock());
      logAuth(c, 'login', { outcome: 'failed', ip });
      throw invalidCredentials();
    }
    // Nothing to lift when the gate saw no failures (one round trip less per login); a
    // failure recorded since then stays counted, which only errs on the strict side.
    if (gate.emailFailures > 0) await recordLoginSuccess(db, portal.id, body.email, clock());
    const info = await startSession(c, portal, customer);
    logAuth(c, 'login', { outcome: 'ok', customerId: customer.id, ip });
    return c.json(info);
  })
  .post('/:portalId/logout', csrfProtect, requireShopper, async (c) => {
    const { db, clock } = c.get('deps');
    const shopper = c.get('shopper');
    await revokeSession(db, shopper.sessionId, clock(), 'logout');
    clearSessionCookie(c, isHttps(c));
    logAuth(c, 'logout', { customerId: shopper.customerId });
    return c.json(ACCEPTED);
  })
  .post(
    '/:portalId/password-reset/request',
    csrfProtect,
    validate('json', ResetRequest),
    async (c) => {
      const body = c.req.valid('json');
      const { db, config, clock } = c.get('deps');
      if (body.captcha_token) await requireCaptcha(c, body.captcha_token);
      await limitMailRequests(c, 'reset');
      const outcome = await requestPasswordReset(
        db,
        config.secret,
        portalRecord(c),
        body.email,
        { requestId: c.get('requestId'), ip: clientIp(c) },
        clock(),
      );
      logAuth(c, 'reset_request', {
        outcome: outcome.kind,
        customerId: 'customerId' in outcome ? outcome.customerId : undefined,
      });
      return c.json(ACCEPTED, 202);
    },
  )
  .post(
    '/:portalId/password-reset/confirm',
    csrfProtect,
    validate('json', ResetConfirmRequest),
    async (c) => {
      const body = c.req.valid('json');
      const { db, config, clock } = c.get('deps');
      const problem = passwordProblem(body.password);
      if (problem) throw weakPassword(problem);
      const result = await confirmPasswordReset(
        db,
        config.secret,
        portalRecord(c),
        { email: body.email, code: body.code, hashNewPassword: () => hashPassword(body.password) },
        { requestId: c.get('requestId'), ip: clientIp(c) },
        clock,
      );
      if (!result.ok) {
        logAuth(c, 'reset', { outcome: 'refused' });
        throw invalidCode();
      }
      // Every earlier session is gone; the shopper who proved the inbox is signed in afresh.
      const info = await startSession(c, portalRecord(c), result.customer);
      logAuth(c, 'reset', {
        outcome: 'ok',
        customerId: result.customer.id,
        revoked: result.revoked,
      });
      return c.json(info);
    },
  );
