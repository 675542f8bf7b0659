import type { FieldViolation } from '@rongtong/core';
import { toMillis, type TimeRange__Output, type Timestamp__Output } from '@rongtong/protocol';
import { enumIn, isEnumValue, type ProtoEnumInput } from '../convert/proto-enum.js';
import { invalidArgument } from '../validate.js';

/**
 * Parsing of the filter fields the CapacityService list requests share. Each function
 * collects violations (proto paths such as `time_range.end_time`, `types[1]`) instead of
 * throwing, so one INVALID_ARGUMENT names every bad field; `throwIfAny` raises it.
 */

/** Most entries an id or enum list filter may have. */
export const MAX_FILTER_ENTRIES = 1000;

/** A time filter in ms: periods overlapping `[from, to)`; undefined bounds are open. */
export interface TimeBounds {
  from?: number;
  to?: number;
}

function timestampMs(value: Timestamp__Output, path: string, violations: FieldViolation[]): number | undefined {
  const nanos = value.nanos ?? 0;
  if (!Number.isInteger(nanos) || nanos < 0 || nanos > 999_999_999) {
    violations.push({ path: `${path}.nanos`, reason: 'must be in 0…999,999,999' });
    return undefined;
  }
  try {
    const ms = toMillis(value);
    // The range of google.protobuf.Timestamp: 0001-01-01 … 9999-12-31.
    if (!Number.isFinite(ms) || ms < -62_135_596_800_000 || ms > 253_402_300_799_999) throw new RangeError('out of range');
    return ms;
  } catch {
    violations.push({ path: `${path}.seconds`, reason: 'not a valid time (years 1…9999)' });
    return undefined;
  }
}

/** The `time_range` field: unset bounds are open; end_time must be after start_time when both are set. */
export function timeBoundsOf(range: TimeRange__Output | null | undefined, violations: FieldViolation[], path = 'time_range'): TimeBounds {
  if (!range) return {};
  const from = range.startTime ? timestampMs(range.startTime, `${path}.start_time`, violations) : undefined;
  const to = range.endTime ? timestampMs(range.endTime, `${path}.end_time`, violations) : undefined;
  if (from !== undefined && to !== undefined && to <= from) {
    violations.push({ path: `${path}.end_time`, reason: `must be after ${path}.start_time` });
  }
  return { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}

/** An optional enum filter: UNSPECIFIED gives undefined; an unknown value is a violation at `path`. */
export function enumFilterOf<const V extends string>(
  prefix: string,
  values: readonly V[],
  value: ProtoEnumInput,
  path: string,
  violations: FieldViolation[],
): V | undefined {
  const domain = enumIn(prefix, values, value);
  if (domain === undefined) return undefined;
  if (isEnumValue(values, domain)) return domain;
  violations.push({ path, reason: `unknown value ${JSON.stringify(value)}: must be one of ${values.map((v) => `${prefix}_${v.toUpperCase()}`).join(', ')}` });
  return undefined;
}

/** A repeated enum filter: every entry must be a known value other than UNSPECIFIED; duplicates are dropped. */
export function enumListOf<const V extends string>(
  prefix: string,
  values: readonly V[],
  list: readonly ProtoEnumInput[],
  path: string,
  violations: FieldViolation[],
): V[] {
  if (list.length > MAX_FILTER_ENTRIES) violations.push({ path, reason: `at most ${MAX_FILTER_ENTRIES} entries` });
  const out = new Set<V>();
  list.forEach((value, i) => {
    const domain = enumIn(prefix, values, value);
    if (isEnumValue(values, domain)) out.add(domain);
    else violations.push({ path: `${path}[${i}]`, reason: `must be a known ${prefix} other than ${prefix}_UNSPECIFIED: got ${JSON.stringify(value)}` });
  });
  return [...out];
}

/** A repeated id filter: no empty entries, at most `MAX_FILTER_ENTRIES`; duplicates are dropped. */
export function idListOf(list: readonly string[], path: string, violations: FieldViolation[]): string[] {
  if (list.length > MAX_FILTER_ENTRIES) violations.push({ path, reason: `at most ${MAX_FILTER_ENTRIES} entries` });
  list.forEach((id, i) => {
    if (id === '') violations.push({ path: `${path}[${i}]`, reason: 'must not be empty' });
  });
  return [...new Set(list)];
}

/** Throws INVALID_ARGUMENT naming every violation, if any. */
export function throwIfAny(violations: readonly FieldViolation[]): void {
  if (violations.length > 0) throw invalidArgument(violations);
}
