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
  /**
   * The login screen already rendered (declarative shadow DOM for `<portico-portal>`), for
   * a signed-out load when the build has one; the live elements replace it on upgrade.
   */
  prerendered?: string | undefined;
}

/**
 * Runs as soon as the prerendered login is parsed (it carries the page's nonce). Until the
 * widget loads, sending the prerendered form (no native submit) or following one of its
 * links is noted on the form (`data-portico-action`, read by the widget's
 * core/prerender.ts), and the live screen does it when it takes over. A login link
 * (`#login=…`, which the server cannot see) opens on another screen: the prerendered login
 * is removed so it does not flash.
 */
export const PRERENDER_SCRIPT =
  "(()=>{const r=document.querySelector('portico-portal')?.shadowRoot;if(!r)return;" +
  'if(/^#(?:.*&)?login=/.test(location.hash)){r.replaceChildren();return}' +
  "const s=r.querySelector('[data-screen]')?.shadowRoot,f=s?.querySelector('form');if(!f)return;" +
  "const a=(v)=>f.setAttribute('data-portico-action',v);" +
  "f.addEventListener('submit',(e)=>{e.preventDefault();a('submit')});" +
  "s.addEventListener('click',(e)=>{const g=e.target.closest?.('[data-go]');if(g)a('go:'+g.dataset.go)})})()";

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
  const prerender = widget?.prerendered
    ? `${widget.prerendered}</portico-portal>
<script nonce="${input.nonce}">${PRERENDER_SCRIPT}</script>`
    : '</portico-portal>';
  const body = widget
    ? `<portico-portal ${attrs}>${prerender}
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
