import type { Locale, PortalBoot } from '@portico/shared';
import { jsonForScriptElement } from '../../services/html/json-in-html.js';

/** Id of the page's JSON data block, named by `<portico-portal boot-data>`. */
export const BOOT_ELEMENT_ID = 'portico-boot';

export interface PortalPageInput {
  portalId: string;
  displayName: string;
  locale: Locale;
  nonce: string;
  /** The embedding page's origin, already checked against the allowed list. */
  embedOrigin: string | undefined;
  /** What loads the widget, or undefined when the widget is not built. */
  widget: PortalPageWidget | undefined;
}

export interface PortalPageWidget {
  /** Path of the portal-page entry script. */
  entry: string;
  /** Path of widget.js, which the entry imports: preloaded so both download at once. */
  preload: string;
  /** Public config and session hint for the widget's first paint (public fields only). */
  boot: PortalBoot;
}

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string,
  );
}

/** The iframe page: one `<portico-portal>` element, its boot data, and the nonce'd entry script. */
export function portalPageHtml(input: PortalPageInput): string {
  const widget = input.widget;
  const attrs = [
    `portal-id="${escapeHtml(input.portalId)}"`,
    'api-base=""',
    'data-mode="iframe"',
    ...(widget ? [`boot-data="${BOOT_ELEMENT_ID}"`] : []),
    ...(input.embedOrigin ? [`data-embed-origin="${escapeHtml(input.embedOrigin)}"`] : []),
  ].join(' ');
  // portal-page.js reads the portal id and the parent origin (for resize messages) here.
  const bodyAttrs = [
    `data-portal-id="${escapeHtml(input.portalId)}"`,
    ...(input.embedOrigin ? [`data-parent-origin="${escapeHtml(input.embedOrigin)}"`] : []),
  ].join(' ');
  // A data block is never executed; it carries the nonce anyway, so every script element
  // of the page has it and one without stands out. Its JSON is escaped so it cannot end
  // the element.
  const body = widget
    ? `<portico-portal ${attrs}></portico-portal>
<script type="application/json" id="${BOOT_ELEMENT_ID}" nonce="${input.nonce}">${jsonForScriptElement(widget.boot)}</script>
<script type="module" nonce="${input.nonce}" src="${escapeHtml(widget.entry)}"></script>
<noscript>This account portal needs JavaScript.</noscript>`
    : `<portico-portal ${attrs}></portico-portal>
<main class="portico-unbuilt">
<h1>The Portico widget has not been built yet</h1>
<p>This is the portal page for <strong>${escapeHtml(input.displayName)}</strong>, but
<code>widget/dist/portal-page.js</code> does not exist. Build it with
<code>pnpm --filter @portico/widget build</code> (<code>pnpm start</code> does this), then reload.</p>
</main>`;
  return `<!doctype html>
<html lang="${escapeHtml(input.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.displayName)}</title>
${widget ? `<link rel="modulepreload" nonce="${input.nonce}" href="${escapeHtml(widget.preload)}">\n` : ''}<style>html,body{margin:0;background:transparent;font-family:system-ui,sans-serif}.portico-unbuilt{padding:1.5rem;max-width:40rem}</style>
</head>
<body ${bodyAttrs}>
${body}
</body>
</html>
`;
}
