import { enumFromProto } from '@rongtong/core';

/** A proto enum field as `@grpc/proto-loader` delivers it: the value's name, or its number when this version does not know it. */
export type ProtoEnumInput = string | number | null | undefined;

/**
 * The domain value of a proto enum field of a request.
 *
 * `<prefix>_UNSPECIFIED` (or 0, or absent) gives `undefined` — the domain model's "not
 * stated". A known name gives its domain value. Anything else (an unknown number, a name
 * of another enum) is returned unchanged, so that the domain schema rejects it and the
 * error names the field.
 */
export function enumIn<const V extends string>(
  prefix: string,
  values: readonly V[],
  value: ProtoEnumInput,
): V | string | number | undefined {
  if (value === null || value === undefined || value === 0 || value === `${prefix}_UNSPECIFIED`) return undefined;
  if (typeof value === 'number') {
    // Known numbers arrive as names; a number here is one this version does not know,
    // unless a caller passed a raw number for a known value.
    return Number.isInteger(value) && value >= 1 && value <= values.length ? values[value - 1] : value;
  }
  return enumFromProto(prefix, values, value) ?? value;
}

/** True when `value` (from `enumIn`) is one of the domain `values`. */
export function isEnumValue<const V extends string>(values: readonly V[], value: unknown): value is V {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}
