/**
 * Why (part of) a message gave no sample. Each is counted in the source's stats and logged
 * once per topic and reason; none stops the source or delays other topics.
 *
 * - `not_json` — the payload is not UTF-8 JSON (then none of its values is read);
 * - `path_not_found` — a value path (or the array before a `[*]`) is not in the message;
 * - `wrong_type` — the value is an object, array or null, or not of the field's `type`;
 * - `bad_timestamp` — the timestamp path is missing or not a time (that value is dropped);
 * - `invalid_signal_id` — a signal id filled in from the topic is not a valid signal id
 *   (1–128 characters from `[A-Za-z0-9._:/-]`).
 */
export const PAYLOAD_ERROR_REASONS = ['not_json', 'path_not_found', 'wrong_type', 'bad_timestamp', 'invalid_signal_id'] as const;

/** Why (part of) a message gave no sample (see {@link PAYLOAD_ERROR_REASONS}). */
export type PayloadErrorReason = (typeof PAYLOAD_ERROR_REASONS)[number];

/** One problem found in one message. */
export interface PayloadError {
  /** The kind of problem. */
  readonly reason: PayloadErrorReason;
  /** What exactly, for a person (never the payload itself beyond a short excerpt). */
  readonly detail: string;
  /** The signal the value was for, when known. */
  readonly signalId?: string;
  /** The JSONPath involved, when there is one. */
  readonly path?: string;
}

/** Zero for every reason. */
export function emptyPayloadErrorCounts(): Record<PayloadErrorReason, number> {
  return Object.fromEntries(PAYLOAD_ERROR_REASONS.map((r) => [r, 0])) as Record<PayloadErrorReason, number>;
}
