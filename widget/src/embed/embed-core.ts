/**
 * The storefront loader's logic, kept free of side effects so it can be tested; the
 * `embed.ts` entry runs it for the current script tag. No framework: this ships as a
 * ≤ 2 KB IIFE.
 */

export const RESIZE_MESSAGE = 'portico:resize';
/** A portal action, forwarded from the framed page: `{ type, name, detail }`. */
export const EVENT_MESSAGE = 'portico:event';
/** The host-page events: dispatched as `portico:<name>` on the embed element. */
export const HOST_EVENTS = [
  'card-added',
  'card-removed',
  'card-default-set',
  'subscription-cancelled',
  'subscription-suspended',
  'subscription-activated',
  'subscription-renewed',
  'trial-expired',
  'trial-cancelled',
  'payment-succeeded',
  'contact-updated',
  'ship-to-updated',
  'logged-in',
  'logged-out',
] as const;
export type HostEventName = (typeof HOST_EVENTS)[number];
/** Ids only (`card_id`, `subscription_id`, …): never personal data. */
export type HostEventDetail = Record<string, string>;

/** Upper bound on a frame height a message may ask for, so a page cannot be blown up. */
export const MAX_FRAME_HEIGHT = 20000;

export interface EmbedOptions {
  portalId: string;
  /** Origin the script was loaded from: the portal's tracking domain. */
  origin: string;
  mode: 'iframe' | 'inline';
  target: Element;
}

/** Reads options from the script tag: data-portal, data-mode, data-target (a selector). */
export function readOptions(
  script: HTMLScriptElement,
  doc: Document = document,
): EmbedOptions | null {
  const portalId = script.dataset.portal;
  if (!portalId || !/^[A-Za-z0-9-]{1,64}$/.test(portalId)) return null;
  const selector = script.dataset.target || '#portico-portal';
  const target = doc.querySelector(selector);
  if (!target) return null;
  return {
    portalId,
    origin: new URL(script.src, doc.baseURI).origin,
    mode: script.dataset.mode === 'inline' ? 'inline' : 'iframe',
    target,
  };
}

/** The framed portal page: it learns our origin so it can post back to exactly us. */
export function frameUrl(
  options: Pick<EmbedOptions, 'origin' | 'portalId'>,
  pageOrigin: string,
): string {
  return `${options.origin}/p/${encodeURIComponent(options.portalId)}?origin=${encodeURIComponent(pageOrigin)}`;
}

/** The message's data when it comes from the exact portal origin and this iframe's window. */
function fromFrame(
  event: MessageEvent,
  origin: string,
  frame: HTMLIFrameElement,
): Record<string, unknown> | null {
  if (event.origin !== origin || !frame.contentWindow || event.source !== frame.contentWindow) {
    return null;
  }
  const data = event.data as Record<string, unknown> | null;
  return data && typeof data === 'object' ? data : null;
}

/**
 * Height from a resize message, or null unless it comes from the exact portal origin,
 * from this very iframe's window, with a finite number.
 */
export function resizeHeight(
  event: MessageEvent,
  origin: string,
  frame: HTMLIFrameElement,
): number | null {
  const data = fromFrame(event, origin, frame);
  if (!data || data.type !== RESIZE_MESSAGE || typeof data.height !== 'number') return null;
  if (!Number.isFinite(data.height) || data.height < 0) return null;
  return Math.min(Math.ceil(data.height), MAX_FRAME_HEIGHT);
}

/**
 * A host event from the framed portal, or null unless it comes from the exact origin and
 * window, names a known event, and its detail holds only id-shaped strings (kept, others
 * dropped).
 */
export function hostEvent(
  event: MessageEvent,
  origin: string,
  frame: HTMLIFrameElement,
): { name: HostEventName; detail: HostEventDetail } | null {
  const data = fromFrame(event, origin, frame);
  const name = data?.name as HostEventName;
  if (data?.type !== EVENT_MESSAGE || !HOST_EVENTS.includes(name)) return null;
  const detail: HostEventDetail = {};
  const given = data.detail;
  if (given && typeof given === 'object') {
    for (const [k, v] of Object.entries(given)) {
      if (/^[a-z_]{1,40}$/.test(k) && typeof v === 'string' && /^[\w-]{1,64}$/.test(v))
        detail[k] = v;
    }
  }
  return { name, detail };
}

/** Injects the portal iframe (allow=payment, no sandbox) and keeps its height in step. */
export function mountFrame(options: EmbedOptions, win: Window = window): HTMLIFrameElement {
  const doc = options.target.ownerDocument;
  const frame = doc.createElement('iframe');
  frame.src = frameUrl(options, win.location.origin);
  frame.title = options.target.getAttribute('data-title') || 'Customer portal';
  frame.setAttribute('allow', 'payment');
  frame.setAttribute('loading', 'eager');
  frame.style.cssText = 'display:block;width:100%;border:0;min-height:480px';
  win.addEventListener('message', (event) => {
    const height = resizeHeight(event, options.origin, frame);
    if (height !== null) {
      frame.style.minHeight = '0';
      frame.style.height = `${height}px`;
    }
    const forwarded = hostEvent(event, options.origin, frame);
    if (forwarded) {
      options.target.dispatchEvent(
        new CustomEvent(`portico:${forwarded.name}`, { detail: forwarded.detail, bubbles: true }),
      );
    }
  });
  options.target.replaceChildren(frame);
  return frame;
}

/** Inline mode: load the widget module from the portal origin and mount the element. */
export function mountInline(
  options: EmbedOptions,
  load: (url: string) => Promise<unknown> = (url) => import(/* @vite-ignore */ url),
): Promise<Element> {
  const doc = options.target.ownerDocument;
  const el = doc.createElement('portico-portal');
  el.setAttribute('portal-id', options.portalId);
  el.setAttribute('api-base', options.origin);
  const theme = options.target.getAttribute('data-theme');
  if (theme) el.setAttribute('theme', theme);
  return load(`${options.origin}/widget/widget.js`).then(() => {
    options.target.replaceChildren(el);
    return el;
  });
}

/**
 * Whether the parser has already closed `target`: it comes before the script tag and does
 * not contain it, so nothing more will be parsed into it. Mounting then need not wait for
 * DOMContentLoaded (the rest of the storefront page).
 */
export function parsedBefore(target: Element, script: HTMLScriptElement): boolean {
  return (
    !target.contains(script) &&
    (target.compareDocumentPosition(script) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0
  );
}

/** Whether `embed(script)` may run now, rather than at DOMContentLoaded. */
export function readyToMount(script: HTMLScriptElement | null, doc: Document = document): boolean {
  if (doc.readyState !== 'loading' || !script) return true;
  const options = readOptions(script, doc);
  return options !== null && parsedBefore(options.target, script);
}

export function embed(script: HTMLScriptElement | null): void {
  if (!script) return;
  const options = readOptions(script);
  if (!options) {
    console.warn('[portico] embed.js: missing data-portal or target element');
    return;
  }
  if (options.mode === 'inline') {
    mountInline(options).catch(() => console.warn('[portico] could not load the portal'));
  } else {
    mountFrame(options);
  }
}
