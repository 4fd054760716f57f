import { css } from 'lit';

/** Screen-specific styles; shared form and button styles come from PorticoScreen. */
export const loginStyles = css`
  .links {
    display: grid;
    gap: 0.25em;
    justify-items: start;
  }
`;
