/**
 * Defence in depth for the merchant footer: the BFF sanitizes it on save and before it
 * sends it, and the widget keeps only an allowlist again, parsing in an inert document
 * (no script runs, no resource loads) and rebuilding clean nodes.
 */
const ALLOWED_TAGS = new Set([
  'A',
  'P',
  'BR',
  'STRONG',
  'EM',
  'B',
  'I',
  'U',
  'SMALL',
  'SPAN',
  'UL',
  'OL',
  'LI',
]);
const SAFE_URL = /^(https?:|mailto:|tel:)/i;

function copyClean(source: Node, target: Node, doc: Document): void {
  for (const child of Array.from(source.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE) {
      target.appendChild(doc.createTextNode(child.textContent ?? ''));
    } else if (child instanceof Element) {
      if (!ALLOWED_TAGS.has(child.tagName)) {
        // Unknown wrappers keep their text; dangerous containers are dropped whole.
        if (
          !['SCRIPT', 'STYLE', 'IFRAME', 'OBJECT', 'TEMPLATE', 'SVG', 'MATH'].includes(
            child.tagName.toUpperCase(),
          )
        ) {
          copyClean(child, target, doc);
        }
        continue;
      }
      const clean = doc.createElement(child.tagName.toLowerCase());
      if (child.tagName === 'A') {
        const href = child.getAttribute('href')?.trim() ?? '';
        if (SAFE_URL.test(href)) {
          clean.setAttribute('href', href);
          clean.setAttribute('target', '_blank');
          clean.setAttribute('rel', 'noopener noreferrer');
        }
      }
      copyClean(child, clean, doc);
      target.appendChild(clean);
    }
  }
}

/** A fragment of allowlisted nodes, safe to insert. */
export function sanitizeFooter(html: string, doc: Document = document): DocumentFragment {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  const fragment = doc.createDocumentFragment();
  copyClean(parsed.body, fragment, doc);
  return fragment;
}
