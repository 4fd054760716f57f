import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const Bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** The environment, parsed once at start; a bad value stops the process naming the variable. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
    .optional(),
  /**
   * Connections to Postgres per instance. Past the database server's cores, more connections
   * add contention, not throughput (the overview bench on 2 cores: see README, Performance).
   */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Embedded database directory; default `.data/pglite` at the repository root. */
  PORTICO_DATA_DIR: z.string().min(1).optional(),
  /** Secret for signing session tokens and HMAC-ing email codes; required in production. */
  PORTICO_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  /** How many reverse-proxy hops in front of the BFF may set X-Forwarded-For. */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
  RECAPTCHA_VERIFY_URL: z.url().default('https://www.google.com/recaptcha/api/siteverify'),
  /** dev: a labelled stand-in captcha; refused in production. */
  CAPTCHA_MODE: z.enum(['recaptcha', 'dev']).optional(),
  /** Postmark API host, overridable so tests and staging point at a stub. */
  POSTMARK_API_HOST: z.string().optional(),
  POSTMARK_USE_HTTPS: Bool.default(true),
  /** Port of the sandbox gateway's card-fields origin (a second port of this process). */
  GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(8788),
  /** Hostnames treated as any portal's tracking domain in development (never in production). */
  DEV_HOSTS: z.string().default('localhost,127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEED_DEMO: Bool.optional(),
  /** Issue another demo admin API key at this start (the first one is shown only once). */
  DEMO_NEW_KEY: Bool.default(false),
  /** Where the widget's Vite build lands; served at /embed.js and /widget/*. */
  WIDGET_DIST_DIR: z.string().min(1).optional(),
  /**
   * Fault injection for fault tests (refused in production): the sandbox gateway waits this
   * long before charging, or after recording a charge before answering (a slow processor,
   * or one whose answer is lost when the BFF dies meanwhile).
   */
  SANDBOX_GATEWAY_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(0),
  SANDBOX_GATEWAY_DELAY_AFTER_CHARGE_MS: z.coerce.number().int().min(0).max(600_000).default(0),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  production: boolean;
  port: number;
  host: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  dataDir: string;
  secret: string;
  trustedProxyHops: number;
  recaptchaVerifyUrl: string;
  captchaMode: 'recaptcha' | 'dev';
  postmarkApiHost: string | undefined;
  postmarkUseHttps: boolean;
  gatewayPort: number;
  devHosts: string[];
  logLevel: Env['LOG_LEVEL'];
  seedDemo: boolean;
  demoNewKey: boolean;
  widgetDistDir: string;
  /** The example storefronts (served under /examples/ outside production only). */
  examplesDir: string;
  /** Sandbox gateway fault injection (dev and tests only). */
  sandboxFaults?: { delayMs: number; delayAfterChargeMs: number };
}

const REPO_ROOT = new URL('../../', import.meta.url);

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const captchaMode = e.CAPTCHA_MODE ?? (production ? 'recaptcha' : 'dev');
  if (production) {
    if (!e.PORTICO_SECRET) throw new ConfigError('PORTICO_SECRET: required in production');
    if (!e.DATABASE_URL)
      throw new ConfigError('DATABASE_URL: required in production (no embedded PGlite)');
    if (captchaMode === 'dev')
      throw new ConfigError('CAPTCHA_MODE: dev captcha is refused in production');
    if (e.SANDBOX_GATEWAY_DELAY_MS || e.SANDBOX_GATEWAY_DELAY_AFTER_CHARGE_MS)
      throw new ConfigError('SANDBOX_GATEWAY_DELAY_*: fault injection is refused in production');
    // The demo's shoppers share a published password and its banner prints an admin key.
    if (e.SEED_DEMO) throw new ConfigError('SEED_DEMO: the demo merchant is refused in production');
  }
  return {
    production,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    dataDir: e.PORTICO_DATA_DIR ?? fileURLToPath(new URL('.data/pglite', REPO_ROOT)),
    // Development without a secret gets a fixed, clearly non-production one.
    secret: e.PORTICO_SECRET ?? 'dev-only-secret-do-not-use-in-production-0000',
    trustedProxyHops: e.TRUSTED_PROXY_HOPS,
    recaptchaVerifyUrl: e.RECAPTCHA_VERIFY_URL,
    captchaMode,
    postmarkApiHost: e.POSTMARK_API_HOST,
    postmarkUseHttps: e.POSTMARK_USE_HTTPS,
    gatewayPort: e.GATEWAY_PORT,
    devHosts: production
      ? []
      : e.DEV_HOSTS.split(',')
          .map((h) => h.trim())
          .filter(Boolean),
    logLevel: e.LOG_LEVEL,
    seedDemo: e.SEED_DEMO ?? !e.DATABASE_URL,
    demoNewKey: e.DEMO_NEW_KEY,
    widgetDistDir: e.WIDGET_DIST_DIR ?? fileURLToPath(new URL('widget/dist/', REPO_ROOT)),
    examplesDir: fileURLToPath(new URL('examples/', REPO_ROOT)),
    sandboxFaults: {
      delayMs: e.SANDBOX_GATEWAY_DELAY_MS,
      delayAfterChargeMs: e.SANDBOX_GATEWAY_DELAY_AFTER_CHARGE_MS,
    },
  };
}
