import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LOCALES,
  LOGIN_PRERENDER_FILE,
  type LoginPrerender,
  PRERENDER_VARIANTS,
  type PrerenderVariant,
  prerenderHole,
} from '@portico/shared';

/**
 * A widget build with only the portal page entry, for WIDGET_DIST_DIR; with `prerender`,
 * also a login prerender file (that content as is, or a made-up one by default).
 */
export function builtWidget(options: { prerender?: string | true } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'portico-widget-'));
  writeFileSync(join(dir, 'portal-page.js'), 'export {};\n');
  if (options.prerender !== undefined) {
    const content =
      options.prerender === true ? JSON.stringify(fakeLoginPrerender()) : options.prerender;
    writeFileSync(join(dir, LOGIN_PRERENDER_FILE), content);
  }
  return dir;
}

/**
 * A login prerender shaped like the widget build's (declarative shadow roots, holes), each
 * template naming its locale and variant so a test can tell which one was used.
 */
export function fakeLoginPrerender(): LoginPrerender {
  const template = (locale: string, variant: PrerenderVariant) =>
    `<template shadowrootmode="open"><style>h1{margin:0}</style><div class="frame" lang="${locale}" data-variant="${variant}">` +
    `<header><h1 part="title">${prerenderHole('display_name')}</h1>` +
    (variant.startsWith('description')
      ? `<p part="description">${prerenderHole('description')}</p>`
      : '') +
    '</header><main part="main"><portico-login data-screen locale="en"><template shadowrootmode="open">' +
    '<form part="form" method="dialog" novalidate><input name="email"><input name="password" type="password"></form>' +
    '</template></portico-login></main>' +
    (variant.endsWith('footer')
      ? `<footer part="footer"><div>${prerenderHole('footer_html')}</div></footer>`
      : '') +
    '</div></template>';
  const locales = {} as LoginPrerender['locales'];
  for (const locale of LOCALES) {
    locales[locale] = Object.fromEntries(
      PRERENDER_VARIANTS.map((v) => [v, template(locale, v)]),
    ) as Record<PrerenderVariant, string>;
  }
  return { format: 1, widget_version: '0.0.0-test', locales };
}

/** A response's Content-Security-Policy header as directive → values. */
export function cspDirectives(res: Response): Map<string, string[]> {
  const csp = res.headers.get('content-security-policy') ?? '';
  return new Map(
    csp.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name as string, values];
    }),
  );
}
