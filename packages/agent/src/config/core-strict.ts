import {
  CounterBehaviorSchema,
  CustomAddressSchema,
  HierarchyNodeSchema,
  HierarchyPathSchema,
  IdealUnitTimeSchema,
  MqttAddressSchema,
  OpcUaAddressSchema,
  SignalStateMappingSchema,
  SparkplugAddressSchema,
} from '@rongtong/core';
import { z } from 'zod';

/**
 * Core's domain schemas as the config uses them: the same fields and rules, but strict, so
 * a misspelt key inside them (`counter: { wrapAt: 65536 }`) is an error naming the field
 * instead of being dropped silently. Parsed values are exactly core's types.
 */

/** Core's `CounterBehaviorSchema`, strict. */
export const StrictCounterBehaviorSchema = z
  .discriminatedUnion('monotonic', [CounterBehaviorSchema.options[0].strict(), CounterBehaviorSchema.options[1].strict()], {
    error: (issue) =>
      issue.code === 'invalid_union' ? 'must state monotonic: true (a drop is a reset) or monotonic: false (drops are corrections)' : undefined,
  })
  .describe(CounterBehaviorSchema.description ?? 'counter behaviour');

/** Core's `SignalSourceSchema` (where a signal is read), strict. */
export const StrictSignalAddressSchema = z
  .discriminatedUnion(
    'kind',
    [OpcUaAddressSchema.strict(), MqttAddressSchema.strict(), SparkplugAddressSchema.strict(), CustomAddressSchema.strict()],
    { error: (issue) => (issue.code === 'invalid_union' ? 'kind must be opcua, mqtt, sparkplug or custom' : undefined) },
  )
  .describe('where a signal is read: opcua NodeId, mqtt topic + JSONPath, sparkplug metric, or custom attributes');

/** Core's `SignalStateMappingSchema`, strict. */
export const StrictStateMappingSchema = SignalStateMappingSchema.strict();

/** Core's `IdealUnitTimeSchema` (ms per unit per product), strict. */
export const StrictIdealUnitTimeSchema = IdealUnitTimeSchema.strict();

/** Core's `HierarchyPathSchema` (site / area / line / cell, levels strictly increasing), with strict nodes. */
export const StrictHierarchyPathSchema = z.array(HierarchyNodeSchema.strict()).pipe(HierarchyPathSchema);
