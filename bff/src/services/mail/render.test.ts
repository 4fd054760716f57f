import { describe, expect, it } from 'vitest';
import { sanitizeFooterHtml } from '../html/sanitize-footer.js';
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

describe('sanitizeFooterHtml', () => {
  it('keeps links and text formatting, drops scripts, handlers, styles and javascript: URLs', () => {
    const out = sanitizeFooterHtml(
      '<p style="x" onclick="y">Hi <a href="javascript:alert(1)">x</a> <a href="https://ok.example/help">Help</a><script>alert(1)</script><iframe src="https://e"></iframe></p>',
    );
    expect(out).toBe(
      '<p>Hi <a rel="noopener noreferrer">x</a> <a href="https://ok.example/help" rel="noopener noreferrer">Help</a></p>',
    );
  });
});
