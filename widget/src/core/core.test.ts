import { expect } from '@open-wc/testing';
import { LitElement } from 'lit';
import { define } from './define.js';
import { sanitizeFooter } from './sanitize.js';

describe('define', () => {
  it('is idempotent and warns on a version clash', () => {
    class A extends LitElement {}
    class B extends LitElement {}
    const warnings: unknown[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      define('portico-test-define', A);
      define('portico-test-define', A);
      expect(warnings, 'same version: silent').to.have.length(0);
      (
        customElements.get('portico-test-define') as unknown as { porticoVersion: string }
      ).porticoVersion = '0.0.1';
      define('portico-test-define', B);
      expect(warnings, 'clash warned').to.have.length(1);
      expect(customElements.get('portico-test-define'), 'first kept').to.equal(A);
    } finally {
      console.warn = original;
    }
  });
});

describe('sanitizeFooter', () => {
  it('keeps allowlisted markup and drops the rest', () => {
    const div = document.createElement('div');
    div.append(
      sanitizeFooter(
        '<p style="x">Hi <strong>there</strong> <a href="javascript:alert(1)">bad</a> <a href="https://ok.test">ok</a></p><script>alert(1)</script><iframe src="x"></iframe><svg><script>1</script></svg><div onclick="x">text</div>',
      ),
    );
    expect(div.innerHTML, 'clean').to.equal(
      '<p>Hi <strong>there</strong> <a>bad</a> <a href="https://ok.test" target="_blank" rel="noopener noreferrer">ok</a></p>text',
    );
  });
});
