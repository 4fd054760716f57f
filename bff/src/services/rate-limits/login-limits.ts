import type { Db } from '@portico/db';
import { clear, hit, peekMany, retryAfterSeconds, type Window } from './rate-limits.js';

const MIN = 60 * 1000;

/** After this many failures in 15 minutes (per email, or per IP) a reCAPTCHA is required. */
export const CAPTCHA_AFTER_EMAIL_FAILURES = 5;
/** Higher per IP: many shoppers can share one NAT. */
export const CAPTCHA_AFTER_IP_FAILURES = 20;
/** Hard caps per hour; past them even a solved captcha waits (429). */
export const EMAIL_FAILURES_PER_HOUR = 30;
export const IP_FAILURES_PER_HOUR = 200;

export function loginWindows(portalId: string, email: string, ip: string) {
  return {
    email15: { key: `login:email:${portalId}:${email}`, windowMs: 15 * MIN },
    emailHour: { key: `login:email:h:${portalId}:${email}`, windowMs: 60 * MIN },
    ip15: { key: `login:ip:${ip}`, windowMs: 15 * MIN },
    ipHour: { key: `login:ip:h:${ip}`, windowMs: 60 * MIN },
  } satisfies Record<string, Window>;
}

/** `emailFailures`: the short window's count for the email (what a success clears). */
export type LoginGate =
  | { kind: 'open'; emailFailures: number }
  | { kind: 'captcha'; emailFailures: number }
  | { kind: 'blocked'; retryAfter: number };

/** What the next login attempt for (portal, email) from ip must clear. */
export async function loginGate(
  db: Db,
  portalId: string,
  email: string,
  ip: string,
  now: Date,
): Promise<LoginGate> {
  const w = loginWindows(portalId, email, ip);
  const [e15 = 0, eH = 0, i15 = 0, iH = 0] = await peekMany(
    db,
    [
      { w: w.email15, recent: true },
      { w: w.emailHour },
      { w: w.ip15, recent: true },
      { w: w.ipHour },
    ],
    now,
  );
  if (eH >= EMAIL_FAILURES_PER_HOUR) {
    return { kind: 'blocked', retryAfter: retryAfterSeconds(w.emailHour, now) };
  }
  if (iH >= IP_FAILURES_PER_HOUR) {
    return { kind: 'blocked', retryAfter: retryAfterSeconds(w.ipHour, now) };
  }
  if (e15 >= CAPTCHA_AFTER_EMAIL_FAILURES || i15 >= CAPTCHA_AFTER_IP_FAILURES) {
    return { kind: 'captcha', emailFailures: e15 };
  }
  return { kind: 'open', emailFailures: e15 };
}

export async function recordLoginFailure(
  db: Db,
  portalId: string,
  email: string,
  ip: string,
  now: Date,
): Promise<void> {
  const w = loginWindows(portalId, email, ip);
  await Promise.all([
    hit(db, w.email15, now),
    hit(db, w.emailHour, now),
    hit(db, w.ip15, now),
    hit(db, w.ipHour, now),
  ]);
}

/** The owner got in: the short window's step-up is lifted for that email (not the hour cap). */
export async function recordLoginSuccess(db: Db, portalId: string, email: string, now: Date) {
  await clear(db, loginWindows(portalId, email, '-').email15, now);
}
