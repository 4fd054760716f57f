/**
 * Zod-free constants shared by the BFF and the widget. The widget imports this module
 * (and errors.ts, permissions.ts) directly so its bundle never pulls in zod.
 */

/** Header every state-changing shopper request carries (CSRF defence with Origin and JSON). */
export const CSRF_HEADER = 'x-portico-request';
export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Shopper API base path; the portal id follows. */
export const SHOPPER_API_PREFIX = '/api/portals';

export const PASSWORD_MIN = 8;
export const PASSWORD_RECOMMENDED = 12;
export const PASSWORD_MAX = 128;

export const CAPTCHA_MODES = ['recaptcha', 'dev'] as const;
export type CaptchaMode = (typeof CAPTCHA_MODES)[number];
