import type { ColumnType, Generated } from 'kysely';

/** A timestamptz column: read as Date, written as Date or ISO string, defaulted by Postgres. */
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
export type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;
export type GeneratedId = Generated<string>;
/** jsonb: any JSON value, written as a serialized value. */
export type Json<T> = ColumnType<T, T | string, T | string>;
export type NullableJson<T> = ColumnType<
  T | null,
  T | string | null | undefined,
  T | string | null
>;
/** jsonb with a database default: optional on insert. */
export type DefaultedJson<T> = ColumnType<T, T | string | undefined, T | string>;
