import { RESIZE_MESSAGE } from './embed-core.js';

/**
 * On the portal page: tells the embedding page our height, addressed to its exact origin
 * (never `*`). Only sizes cross; nothing secret. Returns a stop function.
 *
 * The first height is the observer's first observation, delivered once the page has laid
 * itself out anyway: measuring at start would force a layout of the half-built page in the
 * middle of the widget's first render.
 */
export function reportHeight(
  parentOrigin: string,
  target: Window = window.parent,
  root: Element = document.documentElement,
): () => void {
  if (target === window || !/^https?:\/\/[^/]+$/.test(parentOrigin)) return () => {};
  let last = -1;
  const observer = new ResizeObserver((entries) => {
    // The border box the observer already measured: no layout of our own.
    const box = entries[entries.length - 1]?.borderBoxSize?.[0];
    const height = Math.ceil(box ? box.blockSize : root.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    target.postMessage({ type: RESIZE_MESSAGE, height }, parentOrigin);
  });
  observer.observe(root);
  return () => observer.disconnect();
}
