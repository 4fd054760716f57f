import { describe, expect, it } from 'vitest';
import { matchesEtag, pickEncoding } from './encoded-copies.js';

describe('pickEncoding', () => {
  it('prefers br, then gzip, and honours q=0 and *', () => {
    const cases: [string | undefined, string | undefined][] = [
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip, deflate', 'gzip'],
      ['br;q=0, gzip;q=0.8', 'gzip'],
      ['br;q=0,gzip;q=0', undefined],
      ['identity', undefined],
      ['*', 'br'],
      ['*;q=0.1, br;q=0', 'gzip'],
      ['GZIP', 'gzip'],
      ['', undefined],
      [undefined, undefined],
      ['br;q=junk, gzip', 'gzip'],
    ];
    for (const [header, want] of cases) expect(pickEncoding(header), String(header)).toBe(want);
  });
});

describe('matchesEtag', () => {
  it('matches any listed tag, weak or strong, and *', () => {
    expect(matchesEtag('"abc-br"', '"abc-br"')).toBe(true);
    expect(matchesEtag('"x", W/"abc-br"', '"abc-br"')).toBe(true);
    expect(matchesEtag('*', '"abc"')).toBe(true);
    expect(matchesEtag('"abc"', '"abc-br"'), 'another representation').toBe(false);
    expect(matchesEtag(undefined, '"abc"')).toBe(false);
  });
});
