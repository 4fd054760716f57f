/**
 * `pnpm bench [--json] [--only=overview,growth,…]`: every benchmark, one table (or one JSON
 * object with `--json`). Needs DATABASE_URL (a real Postgres); seeds its own data.
 */
import { BenchEnv } from './lib/env.js';
import { type Row, type ScenarioResult, table } from './lib/report.js';
import { growth } from './scenarios/growth.js';
import { loginStorm } from './scenarios/login-storm.js';
import { overview } from './scenarios/overview.js';
import { payment } from './scenarios/payment.js';
import { widget } from './scenarios/widget.js';

const SCENARIOS: Record<string, (env: BenchEnv) => Promise<ScenarioResult>> = {
  overview,
  growth,
  login_storm: loginStorm,
  widget,
  payment,
};

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl || !/^postgres(ql)?:\/\//.test(databaseUrl)) {
  console.error(
    'pnpm bench needs a real Postgres: set DATABASE_URL, e.g.\n' +
      '  DATABASE_URL=postgres://root@127.0.0.1:5432/test pnpm bench',
  );
  process.exit(2);
}
const unknown = (only ?? []).filter((name) => !(name in SCENARIOS));
if (unknown.length > 0) {
  console.error(
    `unknown scenario: ${unknown.join(', ')} (have ${Object.keys(SCENARIOS).join(', ')})`,
  );
  process.exit(2);
}

const started = performance.now();
// Progress goes to stderr, so stdout is the table (or the JSON) alone.
const log = (line: string) =>
  console.error(`[bench ${((performance.now() - started) / 1000).toFixed(0)}s] ${line}`);
const env = new BenchEnv(databaseUrl, log);
const rows: Row[] = [];
const figures: Record<string, unknown> = {};
let failed = false;
try {
  for (const [name, run] of Object.entries(SCENARIOS)) {
    if (only && !only.includes(name)) continue;
    log(`${name}…`);
    try {
      const result = await run(env);
      rows.push(...result.rows);
      figures[name] = result.figures;
    } catch (err) {
      failed = true;
      log(`${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      rows.push({
        scenario: name,
        metric: 'error',
        figure: String(err).split('\n')[0]?.slice(0, 80) ?? 'error',
        pass: false,
      });
      figures[name] = { error: String(err) };
    }
  }
} finally {
  await env.close();
}
log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
if (asJson) console.log(JSON.stringify(figures, null, 2));
else console.log(table(rows));
process.exit(failed ? 1 : 0);
