/**
 * ISO 22400-2 time buckets: the categories a machine's state time is sorted into before
 * the time elements (APT, AUST, ADET, ADOT, PDOT) and the KPIs are computed.
 *
 * Definitions follow ISO 22400-2:2014 §5.5 (as summarised in the ISO 22400-2 ontology,
 * https://github.com/hsu-aut/IndustrialStandard-ODP-ISO22400-2):
 *
 * - `apt`  actual production time: the unit is producing; value-adding functions only.
 * - `aust` actual unit setup time: time consumed preparing an order at the unit.
 * - `adet` actual unit delay time: malfunction-caused interrupts, minor stoppages and other
 *   unplanned intervals while an order is being worked on.
 * - `adot` actual unit down time: the unit is not running with orders although it is
 *   available (ISO's own wording — it is *not* "broken down"; breakdowns are `adet`).
 * - `pdot` planned down time: planned maintenance and other planned stops inside the
 *   planned operation time; it is subtracted from the planned busy time.
 * - `idle` available but no order. Rongtong keeps this apart from `adot` for sources that
 *   say so explicitly (e.g. PackML `Idle`); ISO 22400-2's ADOT is `adot + idle`.
 * - `unknown` no data, bad quality, or a state no mapping knows.
 */
export type TimeBucket = 'apt' | 'aust' | 'adet' | 'adot' | 'pdot' | 'idle' | 'unknown';

/** Every time bucket, in the order the time elements report them. */
export const TIME_BUCKETS: readonly TimeBucket[] = Object.freeze([
  'apt',
  'aust',
  'adet',
  'adot',
  'pdot',
  'idle',
  'unknown',
] as const);

const BUCKET_SET: ReadonlySet<string> = new Set(TIME_BUCKETS);

/** True when `value` is one of the {@link TimeBucket} names (exact, case-sensitive). */
export function isTimeBucket(value: unknown): value is TimeBucket {
  return typeof value === 'string' && BUCKET_SET.has(value);
}
