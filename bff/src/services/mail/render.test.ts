import { describe, expect, it } from 'vitest';
import { renderTemplate } from './render.js';

describe('renderTemplate', () => {
  it('fills the three placeholders, HTML-escaped, and blanks unknown ones', () => {
    const out = renderTemplate(
      '<p>{{ customer_first_name }}, {{email_code}} for {{portal_display_name}}{{other}}</p>',
      {
        customer_first_name: '<img src=x onerror=1>',
        email_code: '012345',
        portal_display_name: 'A&B',
      },
    );
    expect(out).toBe('<p>&lt;img src=x onerror=1&gt;, 012345 for A&amp;B</p>');
  });
  it('renders a null first name as empty', () => {
    expect(
      renderTemplate('Hi {{customer_first_name}}!', {
        portal_display_name: 'x',
        customer_first_name: null,
      }),
    ).toBe('Hi !');
  });
});
