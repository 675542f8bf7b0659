import type { DataQuality } from '../iso22400/data-quality.js';

/**
 * A typed value as read from a machine, mirroring the `rongtong.v1.Value` oneof. A source
 * keeps the machine's type where it can:
 *
 * - `number` — an IEEE 754 double (analog values, floats, decimals);
 * - `bigint` — a 64-bit integer (counters and other integer types), so counts never lose precision;
 * - `boolean`, `string` (state names, job and product ids), `Uint8Array` (opaque bytes).
 */
export type SampleValue = number | bigint | boolean | string | Uint8Array;

/**
 * One value of one signal at one instant, as a source delivers it (DESIGN §3). The agent adds
 * the receive time itself; the mapping stage gives the signal its meaning.
 */
export interface Sample {
  /** Id of the signal (`signals[].id` in the agent config). */
  readonly signalId: string;
  /** When the value was produced at the source, ms since the Unix epoch (OPC UA SourceTimestamp, payload time, or receive time). */
  readonly sourceTime: number;
  /** The value. For a `bad` sample without a usable value, `undefined`. */
  readonly value: SampleValue | undefined;
  /** How far the value can be trusted: `good`, `uncertain` (used, flagged) or `bad` (not used). */
  readonly quality: DataQuality;
  /** The source's raw status code, unchanged (e.g. the 32-bit OPC UA StatusCode); absent when the source has none. */
  readonly sourceStatus?: number;
}
