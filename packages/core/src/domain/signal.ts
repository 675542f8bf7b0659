import { z } from 'zod';
import { isCounterSemantic, signalSemanticSchema } from '../signal/signal-semantic.js';
import { WHEN_FIELDS_VALID, checkUnique } from './checks.js';
import { CounterBehaviorSchema } from './counter-behavior.js';
import { SignalIdSchema } from './identifier.js';
import { UnitSchema } from './quantity.js';
import { SignalSourceSchema } from './signal-source.js';
import { SignalStateMappingSchema } from './signal-state-mapping.js';

/**
 * Signal: one data point of a piece of equipment — where it is read, what it means and
 * how its values behave. Mirrors `rongtong.v1.Signal`. Counter signals (produced, good,
 * bad, rework and cycle counts) must state their counter behaviour.
 */
export const SignalSchema = z
  .object({
    /** Identifier chosen by the enterprise, unique within it, e.g. "lathe-3/state". */
    id: SignalIdSchema,
    /** Display name, any language. Absent: none. */
    name: z.string().optional(),
    /** Where the agent reads the signal (proto oneof `source`). */
    source: SignalSourceSchema,
    /** What the signal means to derivations. */
    semantic: signalSemanticSchema,
    /** Unit of the values as a UCUM code ("" = pieces for counters, dimensionless otherwise), e.g. "Cel", "kW". */
    unit: UnitSchema,
    /** How the counter behaves. Required for counter semantics; ignored otherwise. */
    counter: CounterBehaviorSchema.optional(),
    /** Raw value → time bucket, for machine_state and operation_mode signals; raw values unique after trimming. */
    stateMappings: z.array(SignalStateMappingSchema),
    /** For cycle_count signals: parts produced per counted cycle, a positive integer. Absent: 1. */
    partsPerCycle: z
      .int({ error: 'must be a positive integer' })
      .min(1, { error: 'must be a positive integer' })
      .max(4_294_967_295, { error: 'must fit in 32 bits' })
      .optional(),
  })
  .superRefine((signal, ctx) => {
    if (isCounterSemantic(signal.semantic) && signal.counter === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['counter'],
        message: `counter behaviour is required for a ${signal.semantic} signal`,
        input: signal.counter,
      });
    }
    checkUnique(signal.stateMappings, (m) => m.rawState.trim(), ctx, ['stateMappings'], ['rawState'], 'raw state');
  }, WHEN_FIELDS_VALID)
  .describe('one data point of a piece of equipment');

/** One data point of a piece of equipment (see {@link SignalSchema}). */
export type Signal = z.infer<typeof SignalSchema>;
