/** One line of the bench table. */
export interface Row {
  scenario: string;
  metric: string;
  figure: string;
  goal?: string;
  /** Undefined when the metric has no goal (reported only). */
  pass?: boolean;
}

export interface ScenarioResult {
  rows: Row[];
  /** The same figures as plain numbers, for `--json`. */
  figures: Record<string, unknown>;
}

export function table(rows: Row[]): string {
  const head = ['scenario', 'metric', 'figure', 'goal', 'pass/fail'];
  const body = rows.map((r) => [
    r.scenario,
    r.metric,
    r.figure,
    r.goal ?? '',
    r.pass === undefined ? '' : r.pass ? 'pass' : 'FAIL',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [
    line(head),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...body.map(line),
  ].join('\n');
}

export const fmtMs = (n: number) => `${n.toFixed(n < 10 ? 2 : 1)} ms`;
export const fmtRps = (n: number) => `${Math.round(n)} req/s`;
