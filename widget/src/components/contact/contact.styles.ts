import { css } from 'lit';

/** Screen-specific styles; shared form and button styles come from PorticoScreen. */
export const contactStyles = css`
  .names {
    display: grid;
    gap: 0.75em;
    grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
  }
`;
