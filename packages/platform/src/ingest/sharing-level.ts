import { RongtongError, SHARING_LEVELS, type SharingLevel } from '@rongtong/core';
import type { BatchPayload__Output } from '@rongtong/protocol';

const FROM_PROTO: Readonly<Record<string, SharingLevel>> = {
  SHARING_LEVEL_RAW: 'raw',
  SHARING_LEVEL_KPI: 'kpi',
  SHARING_LEVEL_CAPACITY: 'capacity',
};

/** The proto enum name of a sharing level, e.g. `SHARING_LEVEL_KPI`. */
export function sharingLevelToProto(level: SharingLevel): `SHARING_LEVEL_${Uppercase<SharingLevel>}` {
  return `SHARING_LEVEL_${level.toUpperCase() as Uppercase<SharingLevel>}`;
}

/** The sharing level a proto enum value names; undefined for UNSPECIFIED and unknown values. */
export function sharingLevelFromProto(value: unknown): SharingLevel | undefined {
  return typeof value === 'string' ? FROM_PROTO[value] : undefined;
}

/** True when `level` is no more detailed than `allowed` (a KPI batch may travel on a RAW stream). */
export function isWithinSharingLevel(level: SharingLevel, allowed: SharingLevel): boolean {
  return SHARING_LEVELS.indexOf(level) >= SHARING_LEVELS.indexOf(allowed);
}

/** Each payload member with its proto field name and the least detailed level that allows it. */
const CONTENT_LEVEL: ReadonlyArray<readonly [keyof BatchPayload__Output, string, SharingLevel]> = [
  ['samples', 'samples', 'raw'],
  ['stateIntervals', 'state_intervals', 'kpi'],
  ['productionCounts', 'production_counts', 'kpi'],
  ['kpis', 'kpis', 'kpi'],
  ['capacityRecords', 'capacity_records', 'capacity'],
  ['gaps', 'gaps', 'capacity'],
];

/**
 * Checks a decoded payload against the sharing rules of `rongtong.v1.SharingLevel`: its
 * level must be set (else MALFORMED_PAYLOAD), must not be more detailed than the stream's
 * Hello level, and its content must be allowed at its own level (else PROTOCOL_VIOLATION).
 * Returns the payload's level.
 */
export function checkSharingLevel(payload: BatchPayload__Output, streamLevel: SharingLevel): SharingLevel {
  const level = sharingLevelFromProto(payload.sharingLevel);
  if (!level) {
    throw new RongtongError('MALFORMED_PAYLOAD', 'BatchPayload.sharing_level must be set', {
      fieldViolations: [{ path: 'payload.sharing_level', reason: `must be RAW, KPI or CAPACITY: got ${String(payload.sharingLevel)}` }],
    });
  }
  if (!isWithinSharingLevel(level, streamLevel)) {
    throw new RongtongError(
      'PROTOCOL_VIOLATION',
      `a ${sharingLevelToProto(level)} batch is more detailed than this stream's ${sharingLevelToProto(streamLevel)}`,
    );
  }
  for (const [member, field, leastDetailed] of CONTENT_LEVEL) {
    const items = payload[member];
    if (Array.isArray(items) && items.length > 0 && !isWithinSharingLevel(leastDetailed, level)) {
      throw new RongtongError('PROTOCOL_VIOLATION', `${field} are not allowed in a ${sharingLevelToProto(level)} batch`);
    }
  }
  return level;
}
