import { css } from 'lit';

/** Screen-specific styles; shared form and button styles come from PorticoScreen. */
export const cardsStyles = css`
  iframe {
    width: 100%;
    min-height: 14rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .badge {
    font-size: 0.85em;
    font-weight: 600;
    color: var(--_success);
  }
`;
