/**
 * Entry of the portal page the BFF serves at /p/<portalId>. The page's <body> carries
 * data-portal-id and, when framed through embed.js, data-parent-origin (the embedding
 * origin, validated by the BFF against the portal's allowed list).
 *
 * The widget (widget.js) is imported after the height reporter starts, not before this
 * module runs: a signed-out page already shows its prerendered login (decision 0012), and
 * the frame takes that login's height without waiting for widget.js. The page preloads
 * widget.js, so the import waits for no extra request.
 */
import { forwardEvents } from './embed/event-forwarder.js';
import { reportHeight } from './embed/resize-reporter.js';

function start(): void {
  const body = document.body;
  const portalId = body.dataset.portalId ?? '';
  let el = document.querySelector('portico-portal');
  if (!el && portalId) {
    el = document.createElement('portico-portal');
    el.setAttribute('portal-id', portalId);
    if (body.dataset.theme) el.setAttribute('theme', body.dataset.theme);
    (document.querySelector('[data-portico-mount]') ?? body).append(el);
  }
  const parentOrigin = body.dataset.parentOrigin;
  if (parentOrigin && window.parent !== window) {
    reportHeight(parentOrigin);
    if (el) forwardEvents(parentOrigin, el);
  }
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', start, { once: true });
} else {
  start();
}
void import('./index.js');
