import { describe, expect, it } from 'vitest';
import { sanitizeFooterHtml } from './sanitize-footer.js';

describe('sanitizeFooterHtml', () => {
  it('keeps basic formatting and https/mailto links, opening them in a new tab', () => {
    expect(
      sanitizeFooterHtml(
        '<p><strong>Brand A</strong> &middot; <a href="https://brand.example/terms">Terms</a> <a href="mailto:help@brand.example">Mail us</a></p>',
      ),
    ).toBe(
      '<p><strong>Brand A</strong> · <a href="https://brand.example/terms" rel="noopener noreferrer" target="_blank">Terms</a> <a href="mailto:help@brand.example" rel="noopener noreferrer" target="_blank">Mail us</a></p>',
    );
  });

  it.each([
    ['<script>alert(1)</script><p>ok</p>', '<p>ok</p>'],
    ['<style>p{color:red}</style><p>ok</p>', '<p>ok</p>'],
    ['<p onclick="alert(1)" style="color:red">ok</p>', '<p>ok</p>'],
    ['<img src=x onerror="alert(1)">ok', 'ok'],
    ['<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer" target="_blank">x</a>'],
    ['<a href="http://brand.example">x</a>', '<a rel="noopener noreferrer" target="_blank">x</a>'],
    ['<a href="//evil.example">x</a>', '<a rel="noopener noreferrer" target="_blank">x</a>'],
    [
      '<a href="https://brand.example" target="_self" rel="opener">x</a>',
      '<a href="https://brand.example" target="_blank" rel="noopener noreferrer">x</a>',
    ],
    ['<iframe src="https://evil.example"></iframe>ok', 'ok'],
    ['<form action="https://evil.example"><input name="card"></form>ok', 'ok'],
    ['<svg><script>alert(1)</script></svg>ok', 'ok'],
    ['<p>unclosed <b>bold', '<p>unclosed <b>bold</b></p>'],
  ])('sanitizes %s', (input, expected) => {
    expect(sanitizeFooterHtml(input)).toBe(expected);
  });

  it('turns empty or fully stripped input into null', () => {
    expect(sanitizeFooterHtml(null)).toBeNull();
    expect(sanitizeFooterHtml('')).toBeNull();
    expect(sanitizeFooterHtml('<script>x</script>  ')).toBeNull();
  });
});
