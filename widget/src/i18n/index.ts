import { formatMinorUnits } from '@portico/shared/money';
import { type AnyErrorCode, ApiError } from '../api/errors.js';
import { type Catalogue, en, enErrors, type MessageKey } from './en.js';
import { es, esErrors } from './es.js';

export const SUPPORTED_LOCALES = ['en', 'es'] as const;
export type WidgetLocale = (typeof SUPPORTED_LOCALES)[number];
export type { MessageKey };

const catalogues: Record<WidgetLocale, Catalogue> = { en, es };
const errorCatalogues: Record<WidgetLocale, Record<AnyErrorCode, string>> = {
  en: enErrors,
  es: esErrors,
};

export function isLocale(value: string | null | undefined): value is WidgetLocale {
  return (SUPPORTED_LOCALES as readonly string[]).includes(value ?? '');
}

/** The first supported locale among the candidates (each may be a tag like `es-MX`). */
export function pickLocale(...candidates: Array<string | null | undefined>): WidgetLocale {
  for (const c of candidates) {
    const base = c?.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'en';
}

export type Params = Record<string, string | number>;

/** Translate a key; parameters fill `{name}` holes (values are text, never markup). */
export function t(locale: WidgetLocale, key: MessageKey, params?: Params): string {
  const template = catalogues[locale][key] ?? en[key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) =>
    name in params ? String(params[name]) : m,
  );
}

/** A plain-language message for any failure, never the raw server text. */
export function errorMessage(locale: WidgetLocale, error: unknown): string {
  const code: AnyErrorCode = error instanceof ApiError ? error.code : 'internal_error';
  return errorCatalogues[locale][code] ?? errorCatalogues[locale].internal_error;
}

export function formatMoney(locale: WidgetLocale, minor: number, currency: string): string {
  return formatMinorUnits(locale, minor, currency);
}

export function formatDate(locale: WidgetLocale, iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(d);
}
