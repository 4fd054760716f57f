import { PASSWORD_MAX, PASSWORD_MIN, PASSWORD_RECOMMENDED } from '@portico/shared/constants';
import { type MessageKey, type Params, t, type WidgetLocale } from '../i18n/index.js';

/** Validators return a message for the shopper, or '' when the value is fine. */
export type Validator = (value: string, locale: WidgetLocale) => string;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const msg = (locale: WidgetLocale, key: MessageKey, params?: Params) => t(locale, key, params);

export const required: Validator = (v, l) => (v.trim() ? '' : msg(l, 'required'));
export const email: Validator = (v, l) =>
  EMAIL.test(v.trim()) && v.trim().length <= 254 ? '' : msg(l, 'emailInvalid');
/** Length only, not trimmed, no composition rules (ASVS). */
export const newPassword: Validator = (v, l) => {
  if (v.length < PASSWORD_MIN)
    return msg(l, 'passwordTooShort', { min: PASSWORD_MIN, recommended: PASSWORD_RECOMMENDED });
  if (v.length > PASSWORD_MAX) return msg(l, 'passwordTooLong', { max: PASSWORD_MAX });
  return '';
};
export const anyPassword: Validator = (v, l) => {
  if (!v) return msg(l, 'required');
  if (v.length > PASSWORD_MAX) return msg(l, 'passwordTooLong', { max: PASSWORD_MAX });
  return '';
};
export const code: Validator = (v, l) => (/^\d{6}$/.test(v.trim()) ? '' : msg(l, 'codeInvalid'));
export const country: Validator = (v, l) =>
  /^[A-Za-z]{2}$/.test(v.trim()) ? '' : msg(l, 'countryInvalid');

/** Empty text becomes null, as the API's optional fields expect. */
export function optionalText(value: string): string | null {
  const v = value.trim();
  return v ? v : null;
}
