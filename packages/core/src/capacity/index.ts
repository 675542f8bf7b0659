/**
 * ISA-95 capacity math: the capacity figures (TOTAL, USED, UNUSED) of a piece of equipment
 * for an ended period, from its ISO 22400 time elements and counts. Pure functions, no I/O;
 * the same code runs on the agent (the `capacity` sharing level) and on the platform.
 */
export {
  CAPACITY_EFFECTIVENESS_TOLERANCE,
  UNCERTAIN_COUNTER_CONTINUITY,
  UNEXPECTED_RESET_CONTINUITY,
  pastPeriodCapacity,
  type PastPeriodCapacity,
  type PastPeriodCapacityInput,
} from './past-period-capacity.js';
export {
  FULL_OEE_HISTORY_PERIODS,
  futurePeriodCapacity,
  type CommittedQuantity,
  type FuturePeriodCapacity,
  type FuturePeriodCapacityInput,
} from './future-period-capacity.js';
export { rollUpCapacityRecords, weightedConfidence, type RollUpTarget } from './roll-up.js';
