import { css } from 'lit';

/** Screen-specific styles; shared form and button styles come from PorticoScreen. */
export const shippingStyles = css`
  address {
    font-style: normal;
  }
`;
