/**
 * Derive (DESIGN §3): state intervals and production counts from samples, stateful only by
 * a plain-JSON carry between chunks. The same pure code runs on the agent and on the platform.
 */
export { hourStart, worseQuality } from './hour.js';
export {
  rawStateText,
  stepEquipmentState,
  type DerivedInterval,
  type EquipmentMapping,
  type EquipmentStateCarry,
  type OpenInterval,
  type StateEvent,
} from './state-derivation.js';
export {
  accumulateCounts,
  counterContributions,
  isCountKind,
  quantitiesOf,
  type CountContribution,
  type CountKind,
  type CountPeriod,
  type EndedCountPeriod,
} from './count-derivation.js';
export {
  createSampleDeriver,
  equipmentMappingOf,
  type DeriveSignal,
  type DerivedCount,
  type SampleDerivation,
  type SampleDeriver,
  type SampleDeriverOptions,
  type SampleDeriverState,
} from './sample-deriver.js';
