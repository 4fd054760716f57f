// Gzipped sizes of the built widget files; used by scripts/size.mjs (the budget check) and
// by the benchmarks (test/bench/scenarios/widget.ts), so both count bytes the same way.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

export const DIST = new URL('../dist/', import.meta.url).pathname;
export const BUDGET = { widgetJs: 40 * 1024, embed: 2 * 1024 };

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** Every built .js file with its raw and gzip -9 size (and text, for content checks). */
export function measureSizes(dist = DIST) {
  return files(dist)
    .filter((f) => f.endsWith('.js'))
    .map((f) => {
      const buf = readFileSync(f);
      return {
        file: relative(dist, f),
        raw: buf.length,
        gzip: gzipSync(buf, { level: 9 }).length,
        text: buf.toString(),
      };
    })
    .sort((a, b) => a.file.localeCompare(b.file));
}
