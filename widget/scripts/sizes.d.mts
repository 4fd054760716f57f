export interface SizeRow {
  file: string;
  raw: number;
  gzip: number;
  text: string;
}
export const DIST: string;
export const BUDGET: { widgetJs: number; embed: number };
export function measureSizes(dist?: string): SizeRow[];
