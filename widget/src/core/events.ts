import type { SessionInfo } from '@portico/shared';

export const SCREENS = [
  'login',
  'register',
  'confirm',
  'forgot',
  'reset',
  'overview',
  'contact',
  'cards',
  'shipping',
  'subscriptions',
  'trials',
  'payments',
] as const;
export type Screen = (typeof SCREENS)[number];
export const SIGNED_IN_SCREENS: readonly Screen[] = [
  'overview',
  'contact',
  'cards',
  'shipping',
  'subscriptions',
  'trials',
  'payments',
];

export interface NavigateDetail {
  screen: Screen;
  /** Carried to the next screen, e.g. the email being confirmed. */
  email?: string;
  notice?: string;
}

/** Events screens send up to `<portico-portal>`. */
export interface PorticoEventMap {
  'portico-navigate': CustomEvent<NavigateDetail>;
  'portico-signed-in': CustomEvent<SessionInfo>;
  'portico-session-expired': CustomEvent<void>;
  'portico-refresh': CustomEvent<void>;
}

declare global {
  interface HTMLElementEventMap extends PorticoEventMap {}
}
