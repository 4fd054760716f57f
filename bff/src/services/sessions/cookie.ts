import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export const SECURE_COOKIE = '__Host-portico_session';
/** Plain-http development only: browsers refuse `__Host-` without Secure. */
export const DEV_COOKIE = 'portico_session';

export function cookieName(secure: boolean): string {
  return secure ? SECURE_COOKIE : DEV_COOKIE;
}

/** HttpOnly, SameSite=Lax, Path=/, no Domain (host-only); Secure over https. */
export function setSessionCookie(c: Context, secure: boolean, token: string, maxAgeS: number) {
  setCookie(c, cookieName(secure), token, {
    httpOnly: true,
    secure,
    sameSite: 'Lax',
    path: '/',
    maxAge: maxAgeS,
  });
}

export function readSessionCookie(c: Context, secure: boolean): string | undefined {
  return getCookie(c, cookieName(secure));
}

export function clearSessionCookie(c: Context, secure: boolean) {
  deleteCookie(c, cookieName(secure), { path: '/', secure, httpOnly: true, sameSite: 'Lax' });
}
