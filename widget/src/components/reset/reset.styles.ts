import { css } from 'lit';

/** Screen-specific styles; shared form and button styles come from PorticoScreen. */
export const resetStyles = css`
  .links {
    display: flex;
    gap: 0.5em;
  }
`;
