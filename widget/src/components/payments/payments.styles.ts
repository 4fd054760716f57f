import { css } from 'lit';

/** Screen-specific styles; shared form and button styles come from PorticoScreen. */
export const paymentsStyles = css`
  .pay {
    display: grid;
    gap: 0.5em;
    grid-template-columns: minmax(0, 1fr);
  }
`;
