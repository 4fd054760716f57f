// Prints the gzipped size of every built file and fails when a budget is exceeded or a
// bundle carries code it must not (zod, Lit dev mode).
import { BUDGET, measureSizes } from './sizes.mjs';

const rows = measureSizes();

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
