import { createHmac, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: the whole secret of a link. */
export function newLoginLinkToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What is stored and looked up: an HMAC under a key derived from the app secret, so a
 * database leak yields no usable link and an altered token matches nothing.
 */
export function hashLoginLinkToken(secret: string, token: string): string {
  const key = createHmac('sha256', secret).update('portico/login-link/v1').digest();
  return createHmac('sha256', key).update(token).digest('hex');
}

/** The link: the token rides in the fragment, which browsers never send to a server. */
export function loginLinkUrl(trackingDomain: string, portalId: string, token: string): string {
  return `https://${trackingDomain}/p/${portalId}#login=${token}`;
}
