import { css } from 'lit';

/** Screen-specific styles; shared form and button styles come from PorticoScreen. */
export const confirmStyles = css`
  .links {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }
`;
