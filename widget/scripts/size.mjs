// Prints the gzipped size of every built file and fails when a budget is exceeded or a
// bundle carries code it must not (zod, Lit dev mode).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = new URL('../dist/', import.meta.url).pathname;
const BUDGET = { widgetJs: 40 * 1024, embed: 2 * 1024 };

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const rows = files(dist)
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

console.log('| file | bytes | gzipped bytes |');
console.log('|---|---:|---:|');
for (const r of rows) console.log(`| ${r.file} | ${r.raw} | ${r.gzip} |`);
const widget = rows.filter((r) => r.file !== 'embed.js');
const widgetGzip = widget.reduce((n, r) => n + r.gzip, 0);
const embed = rows.find((r) => r.file === 'embed.js');
console.log(`| all widget JS | ${widget.reduce((n, r) => n + r.raw, 0)} | ${widgetGzip} |`);

const problems = [];
if (widgetGzip > BUDGET.widgetJs)
  problems.push(`widget JS ${widgetGzip} B gzipped > ${BUDGET.widgetJs}`);
if (!embed) problems.push('embed.js missing');
else if (embed.gzip > BUDGET.embed)
  problems.push(`embed.js ${embed.gzip} B gzipped > ${BUDGET.embed}`);
for (const r of rows) {
  if (/ZodError|\$ZodType|zod\/v4/.test(r.text)) problems.push(`${r.file} contains zod`);
  if (r.text.includes('Lit is in dev mode')) problems.push(`${r.file} contains Lit dev mode`);
}
if (problems.length) {
  console.error(`size check failed:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log('size check passed');
