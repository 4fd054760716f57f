import type { SessionInfo } from '@portico/shared';
import type { HostEventDetail, HostEventName } from '../embed/embed-core.js';

export type { HostEventDetail, HostEventName };

/** A successful shopper action, announced by a screen; the root re-dispatches it. */
export interface ActionDetail {
  name: HostEventName;
  detail: HostEventDetail;
}

export const SIGNED_OUT_SCREENS = [
  'login',
  'register',
  'confirm',
  'forgot',
  'reset',
  'link-error',
] as const;
export const SIGNED_IN_SCREENS = [
  'overview',
  'contact',
  'cards',
  'shipping',
  'subscriptions',
  'trials',
  'payments',
  'history',
] as const;
/** Each screen is also a tag: `portico-<screen>`. */
export type Screen = (typeof SIGNED_OUT_SCREENS)[number] | (typeof SIGNED_IN_SCREENS)[number];

export function isSignedInScreen(screen: Screen): boolean {
  return (SIGNED_IN_SCREENS as readonly string[]).includes(screen);
}

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
  'portico-action': CustomEvent<ActionDetail>;
}

declare global {
  interface HTMLElementEventMap extends PorticoEventMap {}
}
