import { css } from 'lit';

export const captchaStyles = css`
  :host {
    display: block;
  }
  .dev {
    display: flex;
    gap: 0.5em;
    align-items: center;
    border: 2px dashed var(--_border);
    border-radius: var(--_radius);
    padding: 0.6em 0.8em;
  }
`;
