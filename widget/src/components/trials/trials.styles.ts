import { css } from 'lit';

/** Screen-specific styles; shared form and button styles come from PorticoScreen. */
export const trialsStyles = css`
  .item h3 {
    margin: 0;
  }
`;
