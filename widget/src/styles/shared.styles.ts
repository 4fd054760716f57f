import { css, unsafeCSS } from 'lit';

/**
 * System tokens (`--portico-*`, documented in the README) feed every component.
 * Reference values live here as fallbacks; a merchant overrides the system tokens on
 * `portico-portal` (or any ancestor) and dark mode swaps them.
 */
export const tokens = css`
  :host {
    --_primary: var(--portico-color-primary, #1d4ed8);
    --_on-primary: var(--portico-color-on-primary, #ffffff);
    --_surface: var(--portico-color-surface, #ffffff);
    --_surface-alt: var(--portico-color-surface-alt, #f3f4f6);
    --_text: var(--portico-color-text, #1a1a1a);
    --_muted: var(--portico-color-muted, #4b5563);
    --_border: var(--portico-color-border, #6b7280);
    --_danger: var(--portico-color-danger, #b3261e);
    --_success: var(--portico-color-success, #166534);
    --_focus: var(--portico-color-focus, #2563eb);
    --_radius: var(--portico-radius, 6px);
    --_space: var(--portico-space, 1rem);
    --_font: var(--portico-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_font-size: var(--portico-font-size, 1rem);
    color: var(--_text);
    font-family: var(--_font);
    font-size: var(--_font-size);
    line-height: 1.5;
  }
`;

const DARK = unsafeCSS(
  Object.entries({
    primary: '#93c5fd',
    'on-primary': '#0b1220',
    surface: '#111827',
    'surface-alt': '#1f2937',
    text: '#f3f4f6',
    muted: '#d1d5db',
    border: '#9ca3af',
    danger: '#fca5a5',
    success: '#86efac',
    focus: '#bfdbfe',
  })
    .map(([name, value]) => `--portico-color-${name}: var(--portico-dark-color-${name}, ${value});`)
    .join('\n'),
);

/** Dark values, applied by `theme="dark"` or by the OS preference under `theme="auto"`. */
export const darkTokens = css`
  :host([theme='dark']) {
    ${DARK}
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${DARK}
    }
  }
`;

/** Form, button, message and list styles shared by every screen. */
export const screenStyles = css`
  :host {
    display: block;
  }
  h2 {
    font-size: 1.35em;
    margin: 0 0 calc(var(--_space) * 0.75);
  }
  h2:focus {
    outline: none;
  }
  h2:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  h3 {
    font-size: 1.1em;
    margin: 0 0 0.5em;
  }
  form,
  .stack {
    display: grid;
    gap: calc(var(--_space) * 0.75);
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.75em;
    margin: 0;
    display: grid;
    gap: 0.75em;
    min-width: 0;
  }
  legend {
    font-weight: 600;
    padding: 0 0.25em;
  }
  .grid {
    display: grid;
    gap: 0.75em;
    grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
  }
  .field {
    display: grid;
    gap: 0.25em;
  }
  label {
    font-weight: 600;
  }
  input,
  select,
  textarea {
    font: inherit;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.5em 0.65em;
    min-height: 2.5em;
    box-sizing: border-box;
    width: 100%;
  }
  input[type='checkbox'] {
    width: auto;
    min-height: 0;
  }
  input[aria-invalid='true'] {
    border-color: var(--_danger);
  }
  :is(input, select, textarea, button, a):focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .hint {
    color: var(--_muted);
    font-size: 0.9em;
    margin: 0;
  }
  .invalid {
    color: var(--_danger);
    font-size: 0.9em;
    margin: 0;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    align-items: center;
  }
  button {
    font: inherit;
    cursor: pointer;
    border-radius: var(--_radius);
    padding: 0.5em 1em;
    min-height: 2.5em;
    border: 1px solid var(--_primary);
    background: var(--_primary);
    color: var(--_on-primary);
  }
  button.secondary,
  button.link {
    background: transparent;
    color: var(--_primary);
  }
  button.link {
    border-color: transparent;
    padding-inline: 0.25em;
    text-decoration: underline;
  }
  button.danger {
    background: var(--_danger);
    border-color: var(--_danger);
    color: var(--_surface);
  }
  button[disabled] {
    opacity: 0.6;
    cursor: progress;
  }
  .message {
    margin: 0;
  }
  .message:not(:empty) {
    padding: 0.6em 0.8em;
    border-radius: var(--_radius);
    border: 1px solid currentColor;
  }
  .message.error {
    color: var(--_danger);
  }
  .message.success {
    color: var(--_success);
  }
  ul.items {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: calc(var(--_space) * 0.75);
  }
  .item {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 0.75);
    display: grid;
    gap: 0.5em;
    background: var(--_surface);
  }
  /* The item a login link opened the screen for. */
  .item.linked {
    border-color: var(--_primary);
    box-shadow: 0 0 0 1px var(--_primary);
  }
  .item p {
    margin: 0;
  }
  .confirm {
    border: 2px solid var(--_danger);
    border-radius: var(--_radius);
    padding: 0.75em;
    display: grid;
    gap: 0.5em;
  }
  .muted {
    color: var(--_muted);
  }
  progress {
    inline-size: 100%;
  }
`;
