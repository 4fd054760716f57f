import { z } from 'zod';

export const Id = z.uuid();
export type Id = z.infer<typeof Id>;

/** Trimmed, non-empty, bounded text. */
export const Text = (max = 200) => z.string().trim().min(1).max(max);
export const OptionalText = (max = 200) => z.string().trim().max(max).nullish();

export const Email = z.string().trim().toLowerCase().pipe(z.email().max(254));

export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 currency code in upper case');

/** Money is integer minor units plus a currency, never a float. */
export const Money = z.strictObject({
  amount: z.number().int().nonnegative().max(100_000_000),
  currency: CurrencyCode,
});
export type Money = z.infer<typeof Money>;

export const Address = z.strictObject({
  first_name: OptionalText(100),
  last_name: OptionalText(100),
  company: OptionalText(200),
  line1: Text(200),
  line2: OptionalText(200),
  city: Text(100),
  state: OptionalText(100),
  postal_code: OptionalText(20),
  country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 country code'),
  phone: OptionalText(40),
});
export type Address = z.infer<typeof Address>;

export const Metadata = z
  .record(
    z.string().min(1).max(64),
    z.union([z.string().max(500), z.number(), z.boolean(), z.null()]),
  )
  .refine((m) => Object.keys(m).length <= 50, 'at most 50 metadata keys');
export type Metadata = z.infer<typeof Metadata>;

export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(200).optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

export const Hostname = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(
    /^(?=.{1,253}$)(?!-)([a-z0-9-]{1,63}(?<!-)\.)+[a-z]{2,63}$/,
    'a fully qualified domain name such as portal.brand.com',
  );

export const HttpsOrigin = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^https:\/\/[a-z0-9.-]+(:\d{1,5})?$/, 'an https origin such as https://www.brand.com');
