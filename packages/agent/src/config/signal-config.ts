import { LocalIdSchema, SignalIdSchema, SignalSchema, UnitSchema, signalSemanticSchema } from '@rongtong/core';
import { z } from 'zod';
import { StrictCounterBehaviorSchema, StrictSignalAddressSchema, StrictStateMappingSchema } from './core-strict.js';

/**
 * One `signals[]` entry: gives a signal of a source its meaning (DESIGN §4 Signal) — the
 * equipment it belongs to, its semantic, unit and counter behaviour. Together with its
 * equipment it becomes the core `Signal` the agent declares to the platform.
 *
 * Cross-field rules (checked on the whole config): `equipment` and `source` name existing
 * entries; counter semantics need `counter`; `address` follows the source's kind (and may be
 * absent when the source config produces the id, as MQTT topic templates do).
 */
export const SignalConfigSchema = z
  .object({
    id: SignalIdSchema.describe('signal id, unique within the agent (and the enterprise), e.g. "lathe-3/state"'),
    name: z.string().optional().describe('display name, any language'),
    equipment: LocalIdSchema.describe('id of the equipment[] entry the signal belongs to'),
    source: LocalIdSchema.describe('id of the sources[] entry that reads it'),
    address: StrictSignalAddressSchema.optional().describe(
      'where the source reads it (opcua, mqtt, sparkplug, custom); absent for sources that name their signals themselves (generator) or produce their ids (mqtt topic templates)',
    ),
    semantic: signalSemanticSchema.describe('what the signal means: machine_state, operation_mode, produced_count, good_count, …'),
    unit: UnitSchema.default('').describe('UCUM unit code, e.g. "Cel", "kW"; "" (default) = pieces for counters, dimensionless otherwise'),
    counter: StrictCounterBehaviorSchema.optional().describe(
      'counter behaviour (monotonic, resetsOnJob, wrapsAt): required for produced/good/bad/rework/cycle counts',
    ),
    stateMappings: z
      .array(StrictStateMappingSchema)
      .default([])
      .describe('raw state → ISO 22400 time bucket overrides, for machine_state and operation_mode signals'),
    partsPerCycle: SignalSchema.shape.partsPerCycle.describe('for cycle_count signals: parts per counted cycle (default 1)'),
  })
  .strict()
  .describe('a signal: its source, equipment and meaning');

/** A parsed `signals[]` entry (see {@link SignalConfigSchema}). */
export type SignalConfig = z.infer<typeof SignalConfigSchema>;
