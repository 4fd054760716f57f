import { css } from 'lit';

export const portalStyles = css`
  :host {
    display: block;
    background: var(--_surface);
    color: var(--_text);
    container-type: inline-size;
  }
  .frame {
    display: grid;
    gap: var(--_space);
    padding: var(--_space);
    max-width: var(--portico-max-width, 56rem);
    margin: 0 auto;
    box-sizing: border-box;
  }
  header h1 {
    font-size: 1.6em;
    margin: 0;
  }
  header p {
    margin: 0.25em 0 0;
    color: var(--_muted);
  }
  nav ul {
    list-style: none;
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 0.5em;
    margin: 0;
    padding: 0;
  }
  nav button {
    font: inherit;
    background: transparent;
    color: var(--_primary);
    border: 1px solid transparent;
    border-radius: var(--_radius);
    padding: 0.35em 0.6em;
    cursor: pointer;
    min-height: 2.5em;
  }
  nav button[aria-current='page'] {
    border-color: var(--_primary);
    font-weight: 600;
  }
  nav button:focus-visible,
  footer a:focus-visible,
  .frame button:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  footer {
    border-top: 1px solid var(--_border);
    padding-top: calc(var(--_space) * 0.5);
    color: var(--_muted);
    font-size: 0.9em;
  }
  footer a {
    color: var(--_primary);
  }
  .state {
    padding: var(--_space);
  }
  .state button {
    font: inherit;
    border-radius: var(--_radius);
    padding: 0.5em 1em;
    border: 1px solid var(--_primary);
    background: var(--_primary);
    color: var(--_on-primary);
  }
  @container (max-width: 30rem) {
    .frame {
      padding: calc(var(--_space) * 0.5);
    }
  }
`;
