/**
 * ISO 22400 math: state → time bucket mapping, time elements, counter deltas and KPIs.
 * Pure functions, no I/O; the same code runs on the agent and on the platform.
 */
export type { DataQuality } from './data-quality.js';
export { TIME_BUCKETS, isTimeBucket, type TimeBucket } from './time-bucket.js';
export { mapStateToBucket, type StateMapping } from './state-mapping.js';
export { MACHINERY_STATE_MAPPING } from './machinery-state-mapping.js';
export { MACHINERY_ANNEX_C2_STATE_MAPPING } from './machinery-annex-c2-state-mapping.js';
export { PACKML_STATE_MAPPING } from './packml-state-mapping.js';
export {
  computeTimeElements,
  timeElementsFromBuckets,
  type BucketInterval,
  type Period,
  type TimeElements,
  type TimeElementsOptions,
} from './time-elements.js';
export {
  applyCounterChunk,
  computeCounterDeltas,
  initialCounterState,
  stepCounter,
  type CounterBehaviour,
  type CounterDeltaResult,
  type CounterIgnoreReason,
  type CounterPoint,
  type CounterPointDelta,
  type CounterState,
} from './counter-delta.js';
export {
  MS_PER_HOUR,
  availability,
  computeKpis,
  dataCoverage,
  effectiveness,
  oee,
  perHour,
  qualityRatio,
  reworkRatio,
  scrapRatio,
  setupRate,
  throughputRate,
  utilizationEfficiency,
  type KpiCounts,
  type Kpis,
} from './kpis.js';
export { percentile } from './percentile.js';
export {
  mergeSpans,
  plannedBusySpans,
  plannedBusyTime,
  plannedOutageTime,
  shiftInstances,
  spanLength,
  type ShiftCalendarInput,
  type Span,
} from './planned-busy-time.js';
export {
  periodKpis,
  type PeriodCount,
  type PeriodKpis,
  type PeriodKpisInput,
  type PeriodStateInterval,
} from './period-kpis.js';
export { periodContaining, periodsIn } from './periods.js';
