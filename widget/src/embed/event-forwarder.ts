import { EVENT_MESSAGE, HOST_EVENTS, type HostEventDetail } from './embed-core.js';

/**
 * On the portal page: forwards the portal element's `portico:<name>` events to the
 * embedding page, addressed to its exact origin (never `*`). Ids only cross. Returns a
 * stop function.
 */
export function forwardEvents(
  parentOrigin: string,
  el: Element,
  target: Window = window.parent,
): () => void {
  if (target === window || !/^https?:\/\/[^/]+$/.test(parentOrigin)) return () => {};
  const stops = HOST_EVENTS.map((name) => {
    const listener = (e: Event) =>
      target.postMessage(
        {
          type: EVENT_MESSAGE,
          name,
          detail: { ...((e as CustomEvent<HostEventDetail>).detail ?? {}) },
        },
        parentOrigin,
      );
    el.addEventListener(`portico:${name}`, listener);
    return () => el.removeEventListener(`portico:${name}`, listener);
  });
  return () => {
    for (const stop of stops) stop();
  };
}
