import type { Db } from '@portico/db';
import type { Permission } from '@portico/shared';
import type { Context } from 'hono';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { CaptchaFetch } from '../services/captcha/captcha.js';
import type { MailTransports } from '../services/mail/transports.js';
import type { Semaphore } from '../services/passwords/semaphore.js';
import type { PaymentGateway } from '../services/payments/gateway.js';
import type { SessionPreload } from '../services/sessions/sessions.js';
import type { DomainCheckOptions } from '../services/tracking-domains/domain-check.js';

/** Everything the app needs from outside, injected so tests swap the edges only. */
export interface AppDeps {
  db: Db;
  config: Config;
  logger: Logger;
  clock: () => Date;
  /** Tracking-domain verification edges (DNS resolver, TLS port, CAs); real ones when absent. */
  domainCheck?: Partial<DomainCheckOptions>;
  /** Vault and charges; the sandbox gateway in development and tests. */
  gateway: PaymentGateway;
  /** reCAPTCHA verify call (default: global fetch). */
  captchaFetch?: CaptchaFetch;
  /** Mail transports for the outbox worker (default: Postmark client and dev outbox). */
  mailTransports?: MailTransports;
  /** Credential checks admitted at once, and how many may wait (default: the process's lane). */
  loginLane?: Semaphore;
  /** Client IP (default: socket, or X-Forwarded-For through config.trustedProxyHops). */
  clientIp?: (c: Context<AppEnv>) => string | undefined;
}

export interface AdminPrincipal {
  accountId: string;
  apiKeyId: string;
}

/** The portal a shopper request is for, resolved from the path and checked against the host. */
export interface PortalContext {
  id: string;
  accountId: string;
  trackingDomain: string;
  permissions: Permission[];
}

/** Set by the shopper session middleware after every per-request check has passed. */
export interface ShopperPrincipal {
  sessionId: string;
  accountId: string;
  portalId: string;
  customerId: string;
  permissions: Permission[];
}

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    requestId: string;
    admin: AdminPrincipal;
    portal: PortalContext;
    shopper: ShopperPrincipal;
    /** Asked of the shopper session check before it runs (see `preloadOverview`). */
    sessionPreload: SessionPreload | undefined;
    /** The account overview's version, read by the session check with the session. */
    overviewVersion: string | undefined;
  };
};
