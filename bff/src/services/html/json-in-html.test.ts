import { describe, expect, it } from 'vitest';
import { jsonForScriptElement } from './json-in-html.js';

describe('jsonForScriptElement', () => {
  const nasty = {
    footer: '</script><script>alert(1)</script><!-- & -->',
    separators: 'a\u2028b\u2029c',
    nested: ['</SCRIPT >', { '<key>': '&amp;' }],
  };

  it('leaves no character that could end the element or start markup', () => {
    const text = jsonForScriptElement(nasty);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(text.toLowerCase()).not.toContain('</script');
  });

  it('parses back to the same value', () => {
    expect(JSON.parse(jsonForScriptElement(nasty))).toEqual(nasty);
    expect(JSON.parse(jsonForScriptElement({ plain: 'Gold Box — Club', n: 1 }))).toEqual({
      plain: 'Gold Box — Club',
      n: 1,
    });
  });
});
