/**
 * The platform's capacity engine: ISO 22400-2 KPIs and ISA-95 capacity records computed
 * from the facts of committed batches (see `createCapacityEngine` and docs/capacity.md).
 */
export { createCapacityEngine, type CapacityEngine } from './engine.js';
export {
  CapacityOptionsSchema,
  STATE_MAPPING_CHOICES,
  parseCapacityOptions,
  type CapacityOptions,
  type ResolvedCapacityOptions,
  type StateMappingChoice,
} from './options.js';
export { batchFacts, type BatchFacts } from './batch-facts.js';
