import { CAPABILITY_KINDS, HIERARCHY_LEVELS, enumToProto, type Equipment as DomainEquipment } from '@rongtong/core';
import { durationFromMillis, timestampFromMillis, toMillis, type Equipment, type Equipment__Output } from '@rongtong/protocol';
import type { EquipmentRecord } from '../../store/records.js';
import { optionalString } from './optional.js';
import { enumIn } from './proto-enum.js';
import { signalInput, signalToProto } from './signal.js';

/**
 * A request's Equipment as an unvalidated domain object for `EquipmentSchema`.
 * Platform-set fields (enterprise_id, agent_id, times) are dropped.
 */
export function equipmentInput(e: Equipment__Output): Record<string, unknown> {
  return {
    id: e.id,
    name: e.name,
    path: e.path.map((n) => ({ level: enumIn('HIERARCHY_LEVEL', HIERARCHY_LEVELS, n.level), id: n.id, name: optionalString(n.name) })),
    equipmentClass: optionalString(e.equipmentClass),
    manufacturer: optionalString(e.manufacturer),
    model: optionalString(e.model),
    serialNumber: optionalString(e.serialNumber),
    ratedCapacityPerHour: e.ratedCapacityPerHour ? { value: e.ratedCapacityPerHour.value, unit: e.ratedCapacityPerHour.unit } : undefined,
    idealUnitTimes: e.idealUnitTimes.map((t) => ({
      productId: optionalString(t.productId),
      idealUnitTime: t.idealUnitTime ? toMillis(t.idealUnitTime) : undefined,
    })),
    shiftCalendarId: optionalString(e.shiftCalendarId),
    capabilities: e.capabilities.map((c) => ({
      kind: enumIn('CAPABILITY_KIND', CAPABILITY_KINDS, c.kind),
      id: c.id,
      name: optionalString(c.name),
    })),
    signals: e.signals.map(signalInput),
  };
}

/** The declared content of equipment, without what the platform sets. */
export function declaredEquipmentToProto(e: DomainEquipment): Equipment {
  return {
    id: e.id,
    name: e.name,
    path: e.path.map((n) => ({ level: enumToProto('HIERARCHY_LEVEL', n.level), id: n.id, name: n.name ?? '' })),
    equipmentClass: e.equipmentClass ?? '',
    manufacturer: e.manufacturer ?? '',
    model: e.model ?? '',
    serialNumber: e.serialNumber ?? '',
    ratedCapacityPerHour: e.ratedCapacityPerHour ? { value: e.ratedCapacityPerHour.value, unit: e.ratedCapacityPerHour.unit } : null,
    idealUnitTimes: e.idealUnitTimes.map((t) => ({
      productId: t.productId ?? '',
      idealUnitTime: durationFromMillis(t.idealUnitTime),
    })),
    shiftCalendarId: e.shiftCalendarId ?? '',
    capabilities: e.capabilities.map((c) => ({ kind: enumToProto('CAPABILITY_KIND', c.kind), id: c.id, name: c.name ?? '' })),
    signals: e.signals.map(signalToProto),
  };
}

/** The `rongtong.v1.Equipment` of stored equipment. */
export function equipmentToProto(r: EquipmentRecord): Equipment {
  return {
    ...declaredEquipmentToProto(r),
    enterpriseId: r.enterpriseId,
    agentId: r.agentId,
    createTime: timestampFromMillis(r.createTime),
    updateTime: timestampFromMillis(r.updateTime),
  };
}
