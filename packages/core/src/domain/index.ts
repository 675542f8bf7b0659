/**
 * The Rongtong domain model (DESIGN §4) as zod schemas: the TypeScript form of the
 * `rongtong.v1` proto messages used by the agent, the platform and the client. Times are
 * ms since the Unix epoch, durations ms, enums lower snake case strings, uint64 `bigint`,
 * bytes `Uint8Array`; proto `UNSPECIFIED` enums and empty optional strings are absent
 * fields. Each `XSchema` has a type `X = z.infer<typeof XSchema>`.
 */

// Proto enum names
export { enumFromProto, enumToProto, type ProtoEnumName } from './proto-enum.js';
export { PROTO_ENUMS, type ProtoEnumInfo } from './proto-enums.js';

// Primitives
export { TimestampSchema, type Timestamp } from './timestamp.js';
export { DurationSchema, PositiveDurationSchema, type Duration } from './duration.js';
export { TimeRangeSchema, type TimeRange } from './time-range.js';
export {
  LocalIdSchema,
  NonBlankTextSchema,
  ResourceIdSchema,
  SignalIdSchema,
  SnakeCaseNameSchema,
  TenantIdSchema,
} from './identifier.js';
export {
  UnifiedSocialCreditCodeSchema,
  isUnifiedSocialCreditCode,
  organizationCodeCheckCharacter,
  unifiedSocialCreditCodeCheckCharacter,
  unifiedSocialCreditCodeProblem,
} from './unified-social-credit-code.js';
export { RegionCodeSchema, RegionPrefixSchema, isRegionCode, isRegionPrefix } from './region-code.js';
export { IdentifierPrefixSchema, isIdentifierPrefix } from './identifier-prefix.js';
export { CertificationSchema } from './certification.js';
export { CategorySchema, isCategoryWithin } from './category.js';
export { SpecSchema, type Spec } from './spec.js';
export { PositiveQuantitySchema, QuantitySchema, UnitSchema, type Quantity } from './quantity.js';
export { PeriodQuantitySchema, type PeriodQuantity } from './period-quantity.js';
export { PeriodicQuantitySchema, type PeriodicQuantity } from './periodic-quantity.js';

// Enums
export { SIZE_CLASSES, SizeClassSchema, type SizeClass } from './size-class.js';
export { DESIGNATIONS, DesignationSchema, type Designation } from './designation.js';
export {
  HIERARCHY_LEVELS,
  HIERARCHY_NODE_LEVELS,
  HierarchyLevelSchema,
  HierarchyNodeLevelSchema,
  hierarchyDepth,
  type HierarchyLevel,
  type HierarchyNodeLevel,
} from './hierarchy-level.js';
export { CAPABILITY_KINDS, CapabilityKindSchema, type CapabilityKind } from './capability-kind.js';
export { CAPACITY_TYPES, CapacityTypeSchema, type CapacityType } from './capacity-type.js';
export { PERIOD_GRANULARITIES, PeriodGranularitySchema, type PeriodGranularity } from './period-granularity.js';
export {
  CalendarExceptionSchema,
  PlannedOutageSchema,
  ShiftCalendarSchema,
  ShiftSchema,
  WeeklyShiftSchema,
  type Shift,
  type ShiftCalendar,
} from './shift-calendar.js';
export { SHARING_LEVELS, SharingLevelSchema, type SharingLevel } from './sharing-level.js';
export { SCOPES, ScopeSchema, type Scope } from './scope.js';
export { DATA_QUALITIES, DataQualitySchema } from './data-quality-schema.js';
export { TimeBucketSchema } from './time-bucket-schema.js';
export { ITEM_STATUSES, ItemStatusSchema, type ItemStatus } from './item-status.js';
export { MATCH_STATUSES, MatchStatusSchema, type MatchStatus } from './match-status.js';
export { COMMITMENT_STATUSES, CommitmentStatusSchema, type CommitmentStatus } from './commitment-status.js';

// Organisations and their structure
export { TenantSchema, type Tenant } from './tenant.js';
export { EnterpriseSchema, type Enterprise } from './enterprise.js';
export { HierarchyNodeSchema, HierarchyPathSchema, type HierarchyNode } from './hierarchy-node.js';
export { HierarchyScopeSchema, type HierarchyScope } from './hierarchy-scope.js';
export { CapabilitySchema, type Capability } from './capability.js';

// Equipment and signals
export { EquipmentSchema, type Equipment } from './equipment.js';
export { IdealUnitTimeSchema, type IdealUnitTime } from './ideal-unit-time.js';
export { SignalSchema, type Signal } from './signal.js';
export {
  CustomAddressSchema,
  MqttAddressSchema,
  NodeIdSchema,
  NumericRangeSchema,
  OpcUaAddressSchema,
  SignalSourceSchema,
  SparkplugAddressSchema,
  StructureFieldSchema,
  type CustomAddress,
  type MqttAddress,
  type OpcUaAddress,
  type SignalSource,
  type SparkplugAddress,
  numericRangeProblem,
} from './signal-source.js';
export { CounterBehaviorSchema, type CounterBehavior } from './counter-behavior.js';
export { SignalStateMappingSchema, type SignalStateMapping } from './signal-state-mapping.js';

// Derived data
export { StateIntervalSchema, type StateInterval } from './state-interval.js';
export { ProductionCountSchema, type ProductionCount } from './production-count.js';
export { KPI_LEVELS, KPI_RATIO_NAMES, KpiSchema, type Kpi, type KpiRatioName } from './kpi.js';
export { ConfidenceSchema, UnitIntervalSchema, type Confidence } from './confidence.js';
export { DigestSchema, EvidenceRefSchema, type EvidenceRef } from './evidence-ref.js';
export { CapacityRecordSchema, type CapacityRecord } from './capacity-record.js';

// Market
export {
  DeliverySchema,
  DueTimeDeliverySchema,
  ScheduleDeliverySchema,
  type Delivery,
} from './delivery.js';
export { DemandItemSchema, type DemandItem } from './demand-item.js';
export { MeasuredCapacitySchema, type MeasuredCapacity } from './measured-capacity.js';
export { SupplyItemSchema, type SupplyItem } from './supply-item.js';
export { FactorContributionSchema, type FactorContribution } from './factor-contribution.js';
export { ConstraintFailureSchema, type ConstraintFailure } from './constraint-failure.js';
export { MatchSchema, type Match } from './match.js';
export { CommitmentSchema, type Commitment } from './commitment.js';
