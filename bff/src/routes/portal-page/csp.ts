/** Where reCAPTCHA v2 loads its script and frame from (Google's documented CSP sources). */
export const RECAPTCHA_SCRIPT_SOURCES = [
  'https://www.google.com/recaptcha/',
  'https://www.gstatic.com/recaptcha/',
] as const;
export const RECAPTCHA_FRAME_SOURCES = [
  'https://www.google.com/recaptcha/',
  'https://recaptcha.google.com/recaptcha/',
] as const;

export interface PortalPageCspInput {
  nonce: string;
  /** Exactly the portal's allowed embedding origins. */
  frameAncestors: readonly string[];
  /** The payment gateway's card-fields origins. */
  cardFieldsOrigins: readonly string[];
}

/**
 * The portal page's policy (SECURITY item 16). Scripts run only with the page's nonce, and
 * what they load ('strict-dynamic'); the reCAPTCHA sources are kept for browsers without
 * 'strict-dynamic'. Styles allow inline because Lit falls back to <style> elements and
 * reCAPTCHA injects some; no script can be injected through them.
 */
export function portalPageCsp(input: PortalPageCspInput): string {
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', `'nonce-${input.nonce}'`, "'strict-dynamic'", ...RECAPTCHA_SCRIPT_SOURCES],
    ['style-src', "'self'", "'unsafe-inline'"],
    ['img-src', "'self'", 'data:', 'https:'],
    ['connect-src', "'self'"],
    ['frame-src', ...input.cardFieldsOrigins, ...RECAPTCHA_FRAME_SOURCES],
    ['frame-ancestors', ...input.frameAncestors],
    ['form-action', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
  ];
  return directives.map((d) => d.join(' ')).join('; ');
}
