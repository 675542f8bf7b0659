import type { DataQuality } from '../iso22400/data-quality.js';
import { MS_PER_HOUR } from '../iso22400/kpis.js';
import { mapStateToBucket, type StateMapping } from '../iso22400/state-mapping.js';
import type { TimeBucket } from '../iso22400/time-bucket.js';
import type { SampleValue } from '../source/sample.js';
import { hourStart, worseQuality } from './hour.js';

/** The interval a piece of equipment is in, not yet ended. Plain JSON. */
export interface OpenInterval {
  readonly start: number;
  readonly rawState: string;
  readonly bucket: TimeBucket;
  readonly quality: DataQuality;
}

/** What is carried per equipment between batches. Plain JSON. */
export interface EquipmentStateCarry {
  readonly open?: OpenInterval;
  /** Last good/uncertain operation mode, if the equipment has a mode signal. */
  readonly mode?: string;
}

/** An ended state interval [start, end). */
export interface DerivedInterval extends OpenInterval {
  readonly equipmentId: string;
  readonly end: number;
}

/** How one piece of equipment's states and modes become buckets (from its signals' `stateMappings`). */
export interface EquipmentMapping {
  /** Raw state → bucket (and core's mode refinements). */
  readonly mapping: StateMapping;
  /** Raw states mapped to no bucket: such a state sample is ignored and the previous bucket continues. */
  readonly ignoredStates: ReadonlySet<string>;
  /** Mode → bucket of all time spent in that mode, whatever the state (unless the state is unknown). */
  readonly modeBuckets: Readonly<Record<string, TimeBucket>>;
  /** Modes mapped to no bucket: such a mode sample is ignored and the previous mode continues. */
  readonly ignoredModes: ReadonlySet<string>;
}

/** One machine_state or operation_mode sample, with its equipment's mapping. */
export interface StateEvent extends EquipmentMapping {
  readonly kind: 'state' | 'mode';
  readonly t: number;
  readonly value: SampleValue | undefined;
  readonly quality: DataQuality;
}

/** The bucket of a raw state in a mode: unknown for no state or bad quality; a mapped mode wins; then core's mapping. */
function bucketOf(rawState: string, mode: string | undefined, quality: DataQuality, m: EquipmentMapping): TimeBucket {
  if (rawState === '' || quality === 'bad') return 'unknown';
  if (mode !== undefined && Object.hasOwn(m.modeBuckets, mode)) return m.modeBuckets[mode]!;
  return mapStateToBucket(rawState, mode, m.mapping, quality);
}

/** The raw state text of a value (trimmed), or undefined for bytes or no value. */
export function rawStateText(value: SampleValue | undefined): string | undefined {
  if (value === undefined || value instanceof Uint8Array) return undefined;
  return String(value).trim();
}

/** Emits the whole hours of `open` that end at or before `t`; returns what stays open. */
function cutAtHours(equipmentId: string, open: OpenInterval, t: number, out: DerivedInterval[]): OpenInterval {
  let current = open;
  for (let boundary = hourStart(current.start) + MS_PER_HOUR; boundary <= t; boundary += MS_PER_HOUR) {
    out.push({ ...current, equipmentId, end: boundary });
    current = { ...current, start: boundary };
  }
  return current;
}

/** Ends `open` at `t` (after cutting at hours), emitting it when not empty. */
function endAt(equipmentId: string, open: OpenInterval, t: number, out: DerivedInterval[]): void {
  const rest = cutAtHours(equipmentId, open, t, out);
  if (t > rest.start) out.push({ ...rest, equipmentId, end: t });
}

/**
 * Feeds one state or mode event of one piece of equipment (events in source-time order).
 * Pure: appends ended intervals to `out` and returns the new carry. A state change ends
 * the open interval; intervals are cut at hour boundaries; a `bad` sample opens an
 * `unknown` interval with raw state "" (never a guessed state); an event older than the
 * open interval's start is ignored.
 */
export function stepEquipmentState(
  equipmentId: string,
  carry: EquipmentStateCarry,
  event: StateEvent,
  out: DerivedInterval[],
): EquipmentStateCarry {
  const { open } = carry;
  if (open !== undefined && event.t < open.start) return carry;
  const text = event.quality === 'bad' ? undefined : rawStateText(event.value);
  if (event.kind === 'mode') {
    if (text !== undefined && event.ignoredModes.has(text)) return carry;
    const mode = text === '' ? undefined : text;
    if (open === undefined || open.rawState === '') return { ...carry, mode };
    const bucket = bucketOf(open.rawState, mode, open.quality, event);
    if (bucket === open.bucket) return { open, mode };
    endAt(equipmentId, open, event.t, out);
    return { open: { ...open, start: event.t, bucket }, mode };
  }
  if (text !== undefined && event.ignoredStates.has(text)) return carry;
  const rawState = text ?? '';
  const bucket = bucketOf(rawState, carry.mode, event.quality, event);
  if (open !== undefined && open.rawState === rawState && open.bucket === bucket) {
    const rest = cutAtHours(equipmentId, open, event.t, out);
    return { ...carry, open: { ...rest, quality: worseQuality(rest.quality, event.quality) } };
  }
  if (open !== undefined) endAt(equipmentId, open, event.t, out);
  return { ...carry, open: { start: event.t, rawState, bucket, quality: event.quality } };
}
