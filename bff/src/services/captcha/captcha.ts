import type { Config } from '../../config.js';

/** The token dev mode accepts, and the only one. Dev mode never runs in production. */
export const DEV_CAPTCHA_TOKEN = 'dev-captcha-pass';

export type CaptchaFetch = (url: string, init: RequestInit) => Promise<Response>;

export interface CaptchaCheck {
  token: string;
  secret: string;
  /** The portal's tracking domain: Google's answer must name it. */
  hostname: string;
  remoteIp?: string | undefined;
}

/** Server-side reCAPTCHA v2 verification: success and the expected hostname, else false. */
export async function verifyCaptcha(
  config: Pick<Config, 'captchaMode' | 'production' | 'recaptchaVerifyUrl' | 'devHosts'>,
  check: CaptchaCheck,
  fetchImpl: CaptchaFetch = fetch,
): Promise<boolean> {
  if (config.captchaMode === 'dev' && !config.production) {
    return check.token === DEV_CAPTCHA_TOKEN;
  }
  const body = new URLSearchParams({ secret: check.secret, response: check.token });
  if (check.remoteIp) body.set('remoteip', check.remoteIp);
  try {
    const res = await fetchImpl(config.recaptchaVerifyUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      signal: AbortSignal.timeout(5_000),
    });
    if (!res.ok) return false;
    const answer = (await res.json()) as { success?: unknown; hostname?: unknown };
    return answer.success === true && answer.hostname === check.hostname;
  } catch {
    // An unreachable verifier fails closed.
    return false;
  }
}
