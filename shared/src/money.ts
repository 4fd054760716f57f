/** Money helpers that run in browser and server alike (zod-free, for the widget). */

/**
 * Integer minor units as a localized amount, e.g. 2999 USD → "$29.99"; the currency's own
 * number of decimals (JPY has none). An unknown currency falls back to "29.99 XYZ".
 */
export function formatMinorUnits(locale: string, minor: number, currency: string): string {
  try {
    const fmt = new Intl.NumberFormat(locale, { style: 'currency', currency });
    const digits = fmt.resolvedOptions().maximumFractionDigits ?? 2;
    return fmt.format(minor / 10 ** digits);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
}
