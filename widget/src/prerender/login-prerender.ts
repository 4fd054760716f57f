/**
 * Node only (the build runs it; never part of a browser bundle). Renders `<portico-portal>`
 * signed out on its login screen with @lit-labs/ssr, from the same components the browser
 * runs, into declarative shadow DOM: `<template shadowrootmode="open">` for the portal, and
 * inside it one for `<portico-login>`, each with its element styles in a `<style>`. The
 * portal page inlines it (decision 0012) so the login screen paints before widget.js loads;
 * when it does, the live elements replace it (see core/prerender.ts).
 */
import { render } from '@lit-labs/ssr';
import { collectResult } from '@lit-labs/ssr/lib/render-result.js';
import {
  LOCALES,
  type Locale,
  type LoginPrerender,
  type PortalConfig,
  PRERENDER_VARIANTS,
  type PrerenderVariant,
  prerenderHole,
} from '@portico/shared';
import { html } from 'lit';
import { WIDGET_VERSION } from '../core/define.js';
import '../components/portal/define.js';

/** The config the prerender is drawn with: holes where the BFF puts the portal's own text. */
function holeConfig(locale: Locale, variant: PrerenderVariant): PortalConfig {
  return {
    id: '00000000-0000-4000-8000-000000000000',
    display_name: prerenderHole('display_name'),
    description: variant.startsWith('description') ? prerenderHole('description') : null,
    footer_html: variant.endsWith('footer') ? prerenderHole('footer_html') : null,
    // What the login screen shows depends on none of these.
    permissions: [],
    recaptcha_site_key: '',
    captcha_mode: 'dev',
    locale,
    create_non_existing_customer: false,
    card_fields_url: '',
    cancel_reasons: [],
    cancel_comment: 'optional',
    cancel_save_offer: false,
  };
}

/**
 * The content of `<portico-portal>` (its declarative shadow root), without Lit's hydration
 * markers: nothing hydrates it, the live elements render afresh.
 */
export async function renderPortalLogin(locale: Locale, variant: PrerenderVariant) {
  const config = holeConfig(locale, variant);
  const markup = await collectResult(
    render(
      html`<portico-portal data-mode="iframe" locale=${locale} .config=${config} .status=${'ready'}></portico-portal>`,
    ),
  );
  const stripped = markup
    .replace(/<!--\/?lit-(?:part|node)[^>]*-->/g, '')
    .replace(/<\?lit\$[^>]*\?>/g, '')
    .replace(/ defer-hydration(?:="")?/g, '')
    // The pre-standard spelling, which Chromium no longer reads.
    .replace(/ shadowroot="open"/g, '')
    // Template indentation: a run of white space renders as one space either way (no
    // element here preserves white space), and CSS reads a newline as a space.
    .replace(/[ \t]*\n\s*/g, '\n');
  const match = /^\s*<portico-portal\b[^>]*>([\s\S]*)<\/portico-portal>\s*$/.exec(stripped);
  if (!match?.[1]?.includes('<template shadowrootmode="open">')) {
    throw new Error(
      `prerender: unexpected markup for ${locale}/${variant}: ${stripped.slice(0, 200)}`,
    );
  }
  return match[1];
}

export async function renderLoginPrerender(): Promise<LoginPrerender> {
  const locales = {} as LoginPrerender['locales'];
  for (const locale of LOCALES) {
    const variants = {} as Record<PrerenderVariant, string>;
    for (const variant of PRERENDER_VARIANTS)
      variants[variant] = await renderPortalLogin(locale, variant);
    locales[locale] = variants;
  }
  return { format: 1, widget_version: WIDGET_VERSION, locales };
}
