import { z } from 'zod';

/**
 * What a signal means. Mapping gives every signal one of these; derive turns
 * `machine_state` into state intervals and the counters into production counts.
 * Mirrors `rongtong.v1.SignalSemantic` (`SIGNAL_SEMANTIC_` + upper case).
 */
export const SIGNAL_SEMANTICS = [
  'machine_state',
  'operation_mode',
  'produced_count',
  'good_count',
  'bad_count',
  'rework_count',
  'cycle_count',
  'speed',
  'job',
  'product',
  'measurement',
] as const;

/** What a signal means (see `SIGNAL_SEMANTICS`). */
export type SignalSemantic = (typeof SIGNAL_SEMANTICS)[number];

/** zod schema of a signal semantic. */
export const signalSemanticSchema = z.enum(SIGNAL_SEMANTICS);

/** One line per semantic, for docs, CLI output and discovery comments. */
export const SIGNAL_SEMANTIC_DESCRIPTIONS: Readonly<Record<SignalSemantic, string>> = {
  machine_state: 'equipment state (e.g. MachineryItemState, PackML StateCurrent), mapped to ISO 22400 time buckets',
  operation_mode: 'operation mode (e.g. MachineryOperationMode: Processing, Setup, Maintenance)',
  produced_count: 'counter of all units produced (ISO 22400 PQ)',
  good_count: 'counter of good units (GQ)',
  bad_count: 'counter of scrap / defective units (SQ)',
  rework_count: 'counter of units sent to rework (RQ)',
  cycle_count: 'counter of machine cycles (strokes, shots); units per cycle come from the equipment',
  speed: 'current production rate or spindle / line speed',
  job: 'current job or order identifier',
  product: 'current product or part identifier',
  measurement: 'any other process value (temperature, pressure, power, …)',
};

const COUNTER_SEMANTICS: ReadonlySet<SignalSemantic> = new Set([
  'produced_count',
  'good_count',
  'bad_count',
  'rework_count',
  'cycle_count',
]);

/** True for semantics whose values are piece counters (deltas are derived with reset and wrap handling). */
export function isCounterSemantic(semantic: SignalSemantic): boolean {
  return COUNTER_SEMANTICS.has(semantic);
}

/** The proto enum name of a semantic: `machine_state` → `SIGNAL_SEMANTIC_MACHINE_STATE`. */
export function signalSemanticToProto(semantic: SignalSemantic): `SIGNAL_SEMANTIC_${Uppercase<SignalSemantic>}` {
  return `SIGNAL_SEMANTIC_${semantic.toUpperCase() as Uppercase<SignalSemantic>}`;
}

/** The semantic of a proto enum name, or undefined for UNSPECIFIED and unknown names. */
export function signalSemanticFromProto(name: string): SignalSemantic | undefined {
  const prefix = 'SIGNAL_SEMANTIC_';
  if (!name.startsWith(prefix)) return undefined;
  const parsed = signalSemanticSchema.safeParse(name.slice(prefix.length).toLowerCase());
  return parsed.success ? parsed.data : undefined;
}
