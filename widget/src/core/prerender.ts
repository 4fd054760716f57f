/**
 * The portal page ships its login screen already rendered, as declarative shadow DOM
 * (decision 0012), so it paints before widget.js arrives. When the live elements upgrade,
 * they take over from it here.
 */

/** What the shopper did in a prerendered screen before the widget loaded. */
export interface PrerenderedInput {
  /** Each field's value by name, where something was typed (or autofilled). */
  values: Record<string, string>;
  /** The field that had focus, '' when none did. */
  focus: string;
  /**
   * What the shopper last asked for before the widget could act on it: 'submit' (Enter, or
   * the form's button), 'go:<screen>' (a link to another screen), or ''.
   */
  action: string;
}

/**
 * Set on the prerendered form by the portal page's inline script (the BFF's
 * PRERENDER_SCRIPT) when the shopper sends the form or follows a link before the widget has
 * loaded; the script also stops the native submit.
 */
export const PRERENDER_ACTION = 'data-portico-action';

/**
 * Reads the shopper's input from a prerendered shadow root, then empties it. Lit renders
 * into an element's existing shadow root as it finds it (`createRenderRoot` returns
 * `this.shadowRoot` when there is one, and never calls `attachShadow`), so the prerendered
 * nodes must go first or the live screen would be appended after them. Nothing hydrates:
 * the live screen is rendered afresh within the same task, before the next paint.
 */
export function takePrerendered(root: ShadowRoot): PrerenderedInput | undefined {
  if (!root.firstChild) return undefined;
  const inner = root.querySelector('[data-screen]')?.shadowRoot;
  const form = inner?.querySelector('form');
  let input: PrerenderedInput | undefined;
  if (inner && form) {
    const values: Record<string, string> = {};
    for (const field of form.querySelectorAll<HTMLInputElement>('input[name]')) {
      if (field.value) values[field.name] = field.value;
    }
    const active = inner.activeElement;
    input = {
      values,
      focus: active instanceof HTMLInputElement && form.contains(active) ? active.name : '',
      action: form.getAttribute(PRERENDER_ACTION) ?? '',
    };
  }
  root.replaceChildren();
  return input;
}
