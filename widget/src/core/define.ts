/** Version stamped on every registered class so a second copy on the page can be detected. */
export const WIDGET_VERSION = '0.1.0';

type Versioned = CustomElementConstructor & { porticoVersion?: string };

/**
 * Registers a tag once. A merchant page may load us twice (iframe page plus script tag,
 * or two script tags); the second define is a no-op, with a warning when versions differ.
 */
export function define(tag: string, ctor: CustomElementConstructor): void {
  const existing = customElements.get(tag) as Versioned | undefined;
  if (existing) {
    if (existing.porticoVersion !== WIDGET_VERSION) {
      console.warn(
        `[portico] <${tag}> is already defined by version ${existing.porticoVersion ?? 'unknown'}; keeping it and ignoring ${WIDGET_VERSION}.`,
      );
    }
    return;
  }
  (ctor as Versioned).porticoVersion = WIDGET_VERSION;
  customElements.define(tag, ctor);
}
