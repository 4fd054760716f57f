/** Percentile of a list of numbers (nearest-rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export const round = (n: number, digits = 2): number => Number(n.toFixed(digits));

/** Times an async function n times in sequence, returning ms per call. */
export async function timeSequential(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times;
}

/** Like timeSequential, but stops after `budgetMs` once `minRuns` calls have run. */
export async function timeBounded(
  maxRuns: number,
  minRuns: number,
  budgetMs: number,
  fn: () => Promise<unknown>,
): Promise<number[]> {
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < maxRuns; i++) {
    if (i >= minRuns && performance.now() - started > budgetMs) break;
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times;
}
