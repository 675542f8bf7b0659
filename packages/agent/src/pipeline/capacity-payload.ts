import { enumToProto, type Confidence, type HierarchyNode, type PeriodGranularity, type Quantity } from '@rongtong/core';
import { batchPayloadCodec, timestampFromMillis } from '@rongtong/protocol';
import type { EncodedPayload } from './kpi-payload.js';

/** The capacity types an agent measures: those of a period that has ended (TOTAL = USED + UNUSED). */
export type DerivedCapacityType = 'total' | 'used' | 'unused';

/** One capacity figure of one piece of equipment and period, ready to encode as a `CapacityRecord`. */
export interface DerivedCapacity {
  readonly equipmentId: string;
  /** The ISA-95 path above the equipment (its config `path`), outermost first. */
  readonly path: readonly HierarchyNode[];
  /** Inclusive start of the period, ms since the Unix epoch. */
  readonly start: number;
  /** Exclusive end of the period, ms since the Unix epoch. */
  readonly end: number;
  readonly granularity: PeriodGranularity;
  readonly type: DerivedCapacityType;
  /** The figure, never negative; the unit is the production counter's ("" = pieces). */
  readonly quantity: Quantity;
  readonly confidence: Confidence;
  /** How it was computed, in English (core's `pastPeriodCapacity` derivation). */
  readonly derivation: string;
  /** The equipment's state and counter signals the figure rests on. */
  readonly signalIds: readonly string[];
}

/**
 * The encoded `BatchPayload` of a capacity uplink (`sharing_level = CAPACITY`): capacity
 * records only — no samples, state intervals, production counts or KPIs. Each record's scope
 * is its equipment (`HIERARCHY_LEVEL_EQUIPMENT`, with the config path); `capability` is unset
 * (all production of the equipment); `compute_time` is `createTime`. `id`, `agent_id`,
 * `evidence` and the scope's `enterprise_id` are left empty: the platform fills them from the
 * agent's enrolment and the batch that carried the record. `meta.samples` is 0, its time range
 * spans the records' periods, its signal ids are the records' signals. Undefined when
 * `records` is empty. Pure.
 */
export function encodeCapacityPayload(records: readonly DerivedCapacity[], createTime: number): EncodedPayload | undefined {
  if (records.length === 0) return undefined;
  const computeTime = timestampFromMillis(createTime);
  const payload = batchPayloadCodec.encode({
    sharingLevel: 'SHARING_LEVEL_CAPACITY',
    createTime: computeTime,
    capacityRecords: records.map((r) => ({
      scope: {
        level: 'HIERARCHY_LEVEL_EQUIPMENT',
        id: r.equipmentId,
        path: r.path.map((node) => ({ level: enumToProto('HIERARCHY_LEVEL', node.level), id: node.id, name: node.name ?? '' })),
      },
      startTime: timestampFromMillis(r.start),
      endTime: timestampFromMillis(r.end),
      granularity: enumToProto('PERIOD_GRANULARITY', r.granularity),
      type: enumToProto('CAPACITY_TYPE', r.type),
      quantity: { value: r.quantity.value, unit: r.quantity.unit },
      confidence: { ...r.confidence },
      derivation: r.derivation,
      computeTime,
    })),
  });
  const firstTime = Math.floor(records.reduce((min, r) => Math.min(min, r.start), Infinity));
  const lastTime = Math.ceil(records.reduce((max, r) => Math.max(max, r.end), -Infinity));
  const signalIds = [...new Set(records.flatMap((r) => r.signalIds))].sort();
  return { payload, meta: { samples: 0, firstTime, lastTime, signalIds } };
}
