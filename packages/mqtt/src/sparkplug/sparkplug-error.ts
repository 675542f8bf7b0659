/**
 * Why (part of) a Sparkplug message gave no sample. Each is counted in the host's stats and
 * logged once per topic and reason; none stops the host or delays other edge nodes.
 *
 * - `bad_topic` — a topic under `spBv1.0/` that is not a Sparkplug topic (unknown message
 *   type, a device id missing or extra);
 * - `not_protobuf` — the payload is not a Sparkplug B protobuf (then none of it is read);
 * - `bad_seq` — a message of an edge node without `seq` or with one above 255 (it is still
 *   read, but the sequence cannot be checked);
 * - `not_born` — DBIRTH, NDATA, DDATA or DDEATH of an edge node (or DDATA of a device) without
 *   a birth in this session: dropped, and a rebirth is requested;
 * - `unknown_metric` — a data metric whose alias (or name) the birth did not announce:
 *   dropped, and a rebirth is requested;
 * - `bad_metric` — a birth metric without name or datatype, a name or alias announced twice,
 *   a data metric with neither alias nor name;
 * - `wrong_type` — a value that does not fit the metric's datatype (wrong field, out of
 *   range), or a metric with neither a value nor `is_null`;
 * - `unsupported_type` — DataSet, Template, File, PropertySet, array types, Unknown: not
 *   mapped to samples (see `SPARKPLUG_SAMPLE_TYPES`);
 * - `bad_timestamp` — a timestamp beyond the ms a JavaScript number holds exactly;
 * - `signal_id_collision` — the signal id template gives a metric the id another metric
 *   already has (e.g. `Good Count` and `Good_Count`): the later one gives no samples; bind it
 *   by an exact `signals[]` address instead.
 */
export const SPARKPLUG_PAYLOAD_ERROR_REASONS = [
  'bad_topic',
  'not_protobuf',
  'bad_seq',
  'not_born',
  'unknown_metric',
  'bad_metric',
  'wrong_type',
  'unsupported_type',
  'bad_timestamp',
  'signal_id_collision',
] as const;

/** Why (part of) a Sparkplug message gave no sample (see {@link SPARKPLUG_PAYLOAD_ERROR_REASONS}). */
export type SparkplugPayloadErrorReason = (typeof SPARKPLUG_PAYLOAD_ERROR_REASONS)[number];

/** One problem found in one Sparkplug message. */
export interface SparkplugPayloadError {
  readonly reason: SparkplugPayloadErrorReason;
  /** What exactly, for a person. */
  readonly detail: string;
  /** The metric involved (name, or `alias <n>`), when there is one. */
  readonly metric?: string;
}

/** Zero for every reason. */
export function emptySparkplugErrorCounts(): Record<SparkplugPayloadErrorReason, number> {
  return Object.fromEntries(SPARKPLUG_PAYLOAD_ERROR_REASONS.map((r) => [r, 0])) as Record<SparkplugPayloadErrorReason, number>;
}
