import { describe, expect, it } from 'vitest';
import { testConfig } from '../../testing/harness.js';
import { DEV_CAPTCHA_TOKEN, verifyCaptcha } from './captcha.js';

describe('verifyCaptcha', () => {
  const check = { token: DEV_CAPTCHA_TOKEN, secret: 's', hostname: 'portal.brand.example' };

  it('dev mode accepts only the labelled dev token', async () => {
    const config = testConfig({ CAPTCHA_MODE: 'dev' });
    expect(await verifyCaptcha(config, check)).toBe(true);
    expect(await verifyCaptcha(config, { ...check, token: 'anything' })).toBe(false);
  });

  it('production never runs dev mode, and an unreachable verifier fails closed', async () => {
    const config = {
      ...testConfig({ CAPTCHA_MODE: 'dev' }),
      production: true,
      recaptchaVerifyUrl: 'http://127.0.0.1:9/siteverify',
    };
    expect(await verifyCaptcha(config, check)).toBe(false);
  });
});
