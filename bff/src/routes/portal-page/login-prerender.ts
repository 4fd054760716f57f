import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  LOGIN_PRERENDER_FILE,
  type Locale,
  LoginPrerender,
  PRERENDER_HOLE,
  type PrerenderSlot,
  type PrerenderVariant,
} from '@portico/shared';
import { escapeHtml } from './page-html.js';

const cache = new Map<string, { mtimeMs: number; value: LoginPrerender | undefined }>();

/**
 * The widget build's prerendered login screen (decision 0012), read from the build output
 * like the widget's other files and read again when the file changes. Undefined when there
 * is none or it does not parse: the page then loads as it did without it.
 */
export function loadLoginPrerender(widgetDistDir: string): LoginPrerender | undefined {
  const path = join(widgetDistDir, LOGIN_PRERENDER_FILE);
  let mtimeMs: number;
  try {
    mtimeMs = statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
  const hit = cache.get(path);
  if (hit?.mtimeMs === mtimeMs) return hit.value;
  let value: LoginPrerender | undefined;
  try {
    value = LoginPrerender.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    value = undefined;
  }
  cache.set(path, { mtimeMs, value });
  return value;
}

/** The portal's own text in the prerender, as the widget would show it. */
export interface PrerenderText {
  display_name: string;
  description: string | null;
  /** Already sanitized (`sanitizeFooterHtml`): the same footer the boot data carries. */
  footer_html: string | null;
}

/**
 * The content of `<portico-portal>` for a signed-out load: the template for the portal's
 * locale and for which optional parts it shows, its holes filled in one pass (so text put
 * in is never read as a hole). Merchant text is escaped; the footer is the sanitized HTML.
 */
export function loginPrerenderHtml(
  prerender: LoginPrerender,
  locale: Locale,
  text: PrerenderText,
): string {
  const variant: PrerenderVariant = text.description
    ? text.footer_html
      ? 'description_footer'
      : 'description'
    : text.footer_html
      ? 'footer'
      : 'plain';
  return prerender.locales[locale][variant].replace(PRERENDER_HOLE, (_, slot: PrerenderSlot) =>
    slot === 'footer_html' ? (text.footer_html ?? '') : escapeHtml(text[slot] ?? ''),
  );
}
