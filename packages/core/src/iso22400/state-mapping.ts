import type { DataQuality } from './data-quality.js';
import { MACHINERY_STATE_MAPPING } from './machinery-state-mapping.js';
import { isTimeBucket, type TimeBucket } from './time-bucket.js';

/**
 * A table from raw state names to {@link TimeBucket}s. Mapping is data: users pass their
 * own table (or spread a built-in one and override entries) to change any decision.
 *
 * Names are matched exactly (case-sensitive), as the source reports them — a state's
 * BrowseName or display name, never an enumeration number.
 */
export interface StateMapping {
  /** A short name for logs and evidence, e.g. `opc-40501-1-annex-c`. */
  readonly name: string;
  /** Bucket per raw state name, used when no mode refinement matches. */
  readonly states: Readonly<Record<string, TimeBucket>>;
  /**
   * Optional refinement per state and operation mode: `modes[state][mode]` wins over
   * `states[state]` when the mode is known, e.g. `Executing` in mode `Setup` → `aust`.
   */
  readonly modes?: Readonly<Record<string, Readonly<Record<string, TimeBucket>>>>;
}

function lookup<T>(table: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return table !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

/**
 * Maps a raw machine state (and optionally its operation mode) to an ISO 22400 time bucket.
 *
 * Rules, in order:
 * 1. a missing/empty state or `bad` quality → `'unknown'`;
 * 2. `mapping.modes[state][mode]`, when `mode` is given and the table has that entry;
 * 3. `mapping.states[state]`;
 * 4. otherwise (unmapped state, or a table entry that is not a bucket) → `'unknown'`.
 *
 * `uncertain` quality maps normally; the interval carries its quality separately.
 *
 * @param state   raw state name, e.g. `Executing` or PackML `Execute`
 * @param mode    operation mode name, e.g. `Setup`; omit when the source has none
 * @param mapping the table to use; defaults to {@link MACHINERY_STATE_MAPPING}
 * @param quality quality of the state sample; `bad` always gives `'unknown'`
 */
export function mapStateToBucket(
  state: string | null | undefined,
  mode?: string | null,
  mapping: StateMapping = MACHINERY_STATE_MAPPING,
  quality: DataQuality = 'good',
): TimeBucket {
  if (quality === 'bad' || state === undefined || state === null || state === '') return 'unknown';
  if (mode !== undefined && mode !== null && mode !== '') {
    const refined = lookup(lookup(mapping.modes, state), mode);
    if (isTimeBucket(refined)) return refined;
  }
  const plain = lookup(mapping.states, state);
  return isTimeBucket(plain) ? plain : 'unknown';
}
