import { RESIZE_MESSAGE } from './embed-core.js';

/**
 * On the portal page: tells the embedding page our height, addressed to its exact origin
 * (never `*`). Only sizes cross; nothing secret. Returns a stop function.
 */
export function reportHeight(
  parentOrigin: string,
  target: Window = window.parent,
  root: Element = document.documentElement,
): () => void {
  if (target === window || !/^https?:\/\/[^/]+$/.test(parentOrigin)) return () => {};
  let last = -1;
  const send = () => {
    const height = Math.ceil(root.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    target.postMessage({ type: RESIZE_MESSAGE, height }, parentOrigin);
  };
  const observer = new ResizeObserver(send);
  observer.observe(root);
  send();
  return () => observer.disconnect();
}
