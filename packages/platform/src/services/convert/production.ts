import { DATA_QUALITIES, ProductionCountSchema, StateIntervalSchema, TIME_BUCKETS, type ProductionCount, type StateInterval } from '@rongtong/core';
import { toMillis, type ProductionCount__Output, type StateInterval__Output } from '@rongtong/protocol';
import { parseRequest } from '../validate.js';
import { optionalString } from './optional.js';
import { enumIn } from './proto-enum.js';

/** A missing timestamp: NaN, so that the domain schema rejects it and names the field. */
function timeOf(value: StateInterval__Output['startTime']): number {
  return value ? toMillis(value) : Number.NaN;
}

/**
 * A received `rongtong.v1.StateInterval` as a domain `StateInterval`.
 * `QUALITY_UNSPECIFIED` is read as `uncertain` (as the protocol says receivers do).
 * Throws INVALID_ARGUMENT naming the field (proto path under `prefix`, e.g.
 * `payload.state_intervals.3.end_time`) when the interval breaks a rule.
 */
export function stateIntervalFromProto(i: StateInterval__Output, prefix: readonly PropertyKey[] = []): StateInterval {
  return parseRequest(
    StateIntervalSchema,
    {
      equipmentId: i.equipmentId,
      startTime: timeOf(i.startTime),
      endTime: timeOf(i.endTime),
      rawState: i.rawState,
      bucket: enumIn('TIME_BUCKET', TIME_BUCKETS, i.bucket),
      quality: enumIn('QUALITY', DATA_QUALITIES, i.quality) ?? 'uncertain',
      jobId: optionalString(i.jobId),
      productId: optionalString(i.productId),
    },
    prefix,
  );
}

/**
 * A received `rongtong.v1.ProductionCount` as a domain `ProductionCount`
 * (`QUALITY_UNSPECIFIED` read as `uncertain`). Throws INVALID_ARGUMENT naming the field
 * (proto path under `prefix`) when the count breaks a rule.
 */
export function productionCountFromProto(c: ProductionCount__Output, prefix: readonly PropertyKey[] = []): ProductionCount {
  return parseRequest(
    ProductionCountSchema,
    {
      equipmentId: c.equipmentId,
      startTime: timeOf(c.startTime),
      endTime: timeOf(c.endTime),
      producedQuantity: c.producedQuantity,
      goodQuantity: c.goodQuantity,
      scrapQuantity: c.scrapQuantity,
      reworkQuantity: c.reworkQuantity,
      unit: c.unit,
      resetsDetected: c.resetsDetected,
      wrapsDetected: c.wrapsDetected,
      quality: enumIn('QUALITY', DATA_QUALITIES, c.quality) ?? 'uncertain',
      jobId: optionalString(c.jobId),
      productId: optionalString(c.productId),
    },
    prefix,
  );
}
