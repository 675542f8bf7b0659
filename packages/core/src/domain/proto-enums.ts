import { TIME_BUCKETS } from '../iso22400/time-bucket.js';
import { SIGNAL_SEMANTICS } from '../signal/signal-semantic.js';
import { CAPABILITY_KINDS } from './capability-kind.js';
import { CAPACITY_TYPES } from './capacity-type.js';
import { COMMITMENT_STATUSES } from './commitment-status.js';
import { DATA_QUALITIES } from './data-quality-schema.js';
import { DESIGNATIONS } from './designation.js';
import { HIERARCHY_LEVELS } from './hierarchy-level.js';
import { ITEM_STATUSES } from './item-status.js';
import { MATCH_STATUSES } from './match-status.js';
import { PERIOD_GRANULARITIES } from './period-granularity.js';
import { SCOPES } from './scope.js';
import { SHARING_LEVELS } from './sharing-level.js';
import { SIZE_CLASSES } from './size-class.js';

/** How one domain enum corresponds to its `rongtong.v1` proto enum. */
export interface ProtoEnumInfo {
  /** Name of the proto enum, e.g. `SizeClass`. */
  readonly protoName: string;
  /** Prefix of its value names, e.g. `SIZE_CLASS` (for `enumToProto` / `enumFromProto`). */
  readonly prefix: string;
  /** The domain values, in the order of the proto values 1, 2, 3, … (0 is `UNSPECIFIED`). */
  readonly values: readonly string[];
}

/**
 * Every domain enum with its proto enum, keyed by the domain type name. Converters use it
 * with `enumToProto` / `enumFromProto`; a test checks it against `proto/rongtong/v1`.
 */
export const PROTO_ENUMS = {
  SizeClass: { protoName: 'SizeClass', prefix: 'SIZE_CLASS', values: SIZE_CLASSES },
  Designation: { protoName: 'Designation', prefix: 'DESIGNATION', values: DESIGNATIONS },
  HierarchyLevel: { protoName: 'HierarchyLevel', prefix: 'HIERARCHY_LEVEL', values: HIERARCHY_LEVELS },
  CapabilityKind: { protoName: 'CapabilityKind', prefix: 'CAPABILITY_KIND', values: CAPABILITY_KINDS },
  CapacityType: { protoName: 'CapacityType', prefix: 'CAPACITY_TYPE', values: CAPACITY_TYPES },
  PeriodGranularity: { protoName: 'PeriodGranularity', prefix: 'PERIOD_GRANULARITY', values: PERIOD_GRANULARITIES },
  SharingLevel: { protoName: 'SharingLevel', prefix: 'SHARING_LEVEL', values: SHARING_LEVELS },
  Scope: { protoName: 'Scope', prefix: 'SCOPE', values: SCOPES },
  DataQuality: { protoName: 'Quality', prefix: 'QUALITY', values: DATA_QUALITIES },
  TimeBucket: { protoName: 'TimeBucket', prefix: 'TIME_BUCKET', values: TIME_BUCKETS },
  SignalSemantic: { protoName: 'SignalSemantic', prefix: 'SIGNAL_SEMANTIC', values: SIGNAL_SEMANTICS },
  ItemStatus: { protoName: 'ItemStatus', prefix: 'ITEM_STATUS', values: ITEM_STATUSES },
  MatchStatus: { protoName: 'MatchStatus', prefix: 'MATCH_STATUS', values: MATCH_STATUSES },
  CommitmentStatus: { protoName: 'CommitmentStatus', prefix: 'COMMITMENT_STATUS', values: COMMITMENT_STATUSES },
} as const satisfies Readonly<Record<string, ProtoEnumInfo>>;
