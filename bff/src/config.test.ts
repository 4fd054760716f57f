import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.js';

const PRODUCTION = {
  NODE_ENV: 'production',
  PORTICO_SECRET: 'a-production-secret-of-at-least-32-chars',
  DATABASE_URL: 'postgres://portico@db/portico',
  CAPTCHA_MODE: 'recaptcha',
};

describe('parseConfig in production', () => {
  it('starts with a secret, a real database and real captcha', () => {
    expect(parseConfig(PRODUCTION).production).toBe(true);
  });

  it.each([
    ['PORTICO_SECRET', { PORTICO_SECRET: undefined }],
    ['DATABASE_URL', { DATABASE_URL: undefined }],
    ['CAPTCHA_MODE', { CAPTCHA_MODE: 'dev' }],
    ['SEED_DEMO', { SEED_DEMO: 'true' }],
    ['SANDBOX_GATEWAY_DELAY', { SANDBOX_GATEWAY_DELAY_MS: '100' }],
  ])('refuses to start, naming %s', (name, change) => {
    expect(() => parseConfig({ ...PRODUCTION, ...change })).toThrow(ConfigError);
    expect(() => parseConfig({ ...PRODUCTION, ...change })).toThrow(name);
  });
});
