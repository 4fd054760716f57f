export type Interval = 'day' | 'week' | 'month' | 'year';

/** Calendar arithmetic in UTC; the 31st of a month lands on the last day of a shorter one. */
export function addInterval(from: Date, interval: Interval, count: number): Date {
  const d = new Date(from.getTime());
  if (interval === 'day') d.setUTCDate(d.getUTCDate() + count);
  else if (interval === 'week') d.setUTCDate(d.getUTCDate() + 7 * count);
  else {
    const months = interval === 'month' ? count : 12 * count;
    const day = d.getUTCDate();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() + months);
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    d.setUTCDate(Math.min(day, last));
  }
  return d;
}
