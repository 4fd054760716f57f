import type { Address } from '@portico/shared';
import { html, type TemplateResult } from 'lit';
import type { MessageKey } from '../i18n/index.js';
import type { FieldOptions } from './screen.js';
import { country, optionalText, required, type Validator } from './validate.js';

export const ADDRESS_FIELDS = [
  'first_name',
  'last_name',
  'company',
  'line1',
  'line2',
  'city',
  'state',
  'postal_code',
  'country',
  'phone',
] as const;

/** Form values for an address, field names prefixed (e.g. `bill_line1`). */
export function addressValues(address: Address | null, prefix = ''): Record<string, string> {
  const values: Record<string, string> = {};
  for (const f of ADDRESS_FIELDS) values[prefix + f] = address?.[f] ?? '';
  return values;
}

export function isAddressBlank(value: (name: string) => string, prefix = ''): boolean {
  return ADDRESS_FIELDS.every((f) => !value(prefix + f).trim());
}

/** The API's Address from form values: blanks become null, the country upper case. */
export function readAddress(value: (name: string) => string, prefix = ''): Address {
  const v = (f: (typeof ADDRESS_FIELDS)[number]) => value(prefix + f);
  return {
    first_name: optionalText(v('first_name')),
    last_name: optionalText(v('last_name')),
    company: optionalText(v('company')),
    line1: v('line1').trim(),
    line2: optionalText(v('line2')),
    city: v('city').trim(),
    state: optionalText(v('state')),
    postal_code: optionalText(v('postal_code')),
    country: v('country').trim().toUpperCase(),
    phone: optionalText(v('phone')),
  };
}

/**
 * Validators for the required parts of an address. With `whenBlank: 'ok'` an entirely
 * blank address passes (an optional address such as bill-to).
 */
export function addressValidators(
  value: (name: string) => string,
  prefix = '',
  whenBlank: 'ok' | 'required' = 'required',
): Record<string, Validator> {
  const guard =
    (check: Validator): Validator =>
    (v, l) =>
      whenBlank === 'ok' && isAddressBlank(value, prefix) ? '' : check(v, l);
  return {
    [`${prefix}line1`]: guard(required),
    [`${prefix}city`]: guard(required),
    [`${prefix}country`]: guard(country),
  };
}

/** The address inputs, laid out in a responsive grid, with autofill hints. */
export function renderAddressFields(
  field: (options: FieldOptions) => TemplateResult,
  t: (key: MessageKey) => string,
  prefix: string,
  section: 'shipping' | 'billing',
  optional = false,
): TemplateResult {
  const f = (
    name: (typeof ADDRESS_FIELDS)[number],
    label: MessageKey,
    autocomplete: string,
    alwaysOptional: boolean,
    type = 'text',
  ) =>
    field({
      name: prefix + name,
      label: t(label),
      autocomplete: `${section} ${autocomplete}`,
      optional: optional || alwaysOptional,
      type,
    });
  return html`<div class="grid">
      ${f('first_name', 'firstName', 'given-name', true)}
      ${f('last_name', 'lastName', 'family-name', true)}
    </div>
    ${f('company', 'company', 'organization', true)}
    ${f('line1', 'line1', 'address-line1', false)}
    ${f('line2', 'line2', 'address-line2', true)}
    <div class="grid">
      ${f('city', 'city', 'address-level2', false)}
      ${f('state', 'state', 'address-level1', true)}
      ${f('postal_code', 'postalCode', 'postal-code', true)}
      ${f('country', 'country', 'country', false)}
    </div>
    ${f('phone', 'phone', 'tel', true, 'tel')}`;
}

/** An address as display lines (text only). */
export function formatAddress(address: Address | null): string[] {
  if (!address) return [];
  return [
    [address.first_name, address.last_name].filter(Boolean).join(' '),
    address.company,
    address.line1,
    address.line2,
    [address.postal_code, address.city, address.state].filter(Boolean).join(' '),
    address.country,
  ].filter((l): l is string => Boolean(l));
}
