import { css } from 'lit';

/** Screen-specific styles; shared form and button styles come from PorticoScreen. */
export const subscriptionsStyles = css`
  textarea {
    min-height: 4em;
  }
`;
