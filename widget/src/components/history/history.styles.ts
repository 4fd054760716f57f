import { css } from 'lit';

/** Screen-specific styles; shared form and button styles come from PorticoScreen. */
export const historyStyles = css`
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em 1em;
    align-items: baseline;
    justify-content: space-between;
  }
  .amount {
    font-weight: 600;
  }
  .tx-failed {
    color: var(--_danger);
  }
  a[part='receipt'] {
    color: var(--_primary);
  }
`;
