import { css } from 'lit';

/** Screen-specific styles; shared form and button styles come from PorticoScreen. */
export const overviewStyles = css`
  .grid {
    display: grid;
    gap: var(--_space);
    grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
  }
`;
