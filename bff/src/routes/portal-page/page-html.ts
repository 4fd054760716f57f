import type { Locale } from '@portico/shared';

export interface PortalPageInput {
  portalId: string;
  displayName: string;
  locale: Locale;
  nonce: string;
  /** The embedding page's origin, already checked against the allowed list. */
  embedOrigin: string | undefined;
  /** Path of the widget's portal-page entry, or undefined when the widget is not built. */
  scriptPath: string | undefined;
}

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string,
  );
}

/** The iframe page: one `<portico-portal>` element and the nonce'd entry script. */
export function portalPageHtml(input: PortalPageInput): string {
  const attrs = [
    `portal-id="${escapeHtml(input.portalId)}"`,
    'api-base=""',
    'data-mode="iframe"',
    ...(input.embedOrigin ? [`data-embed-origin="${escapeHtml(input.embedOrigin)}"`] : []),
  ].join(' ');
  // portal-page.js reads the portal id and the parent origin (for resize messages) here.
  const bodyAttrs = [
    `data-portal-id="${escapeHtml(input.portalId)}"`,
    ...(input.embedOrigin ? [`data-parent-origin="${escapeHtml(input.embedOrigin)}"`] : []),
  ].join(' ');
  const body = input.scriptPath
    ? `<portico-portal ${attrs}></portico-portal>
<script type="module" nonce="${input.nonce}" src="${escapeHtml(input.scriptPath)}"></script>
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
<style>html,body{margin:0;background:transparent;font-family:system-ui,sans-serif}.portico-unbuilt{padding:1.5rem;max-width:40rem}</style>
</head>
<body ${bodyAttrs}>
${body}
</body>
</html>
`;
}
