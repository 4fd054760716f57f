/** Characters that could end a script element or confuse an HTML or JS parser. */
const UNSAFE = /[<>&\u2028\u2029]/g;

/**
 * JSON for the content of a `<script type="application/json">` element: `<`, `>` and `&`
 * become `\u003c`-style escapes (so no `</script>` or `<!--` can end or bend the element)
 * and so do U+2028/U+2029. Outside strings JSON has none of these, so the text still
 * parses to the same value.
 */
export function jsonForScriptElement(value: unknown): string {
  return JSON.stringify(value).replace(
    UNSAFE,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
