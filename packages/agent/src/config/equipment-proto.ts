import { enumToProto, type Equipment as DomainEquipment, type Signal as DomainSignal, type SignalSource } from '@rongtong/core';
import { durationFromMillis, type Equipment, type Signal } from '@rongtong/protocol';

/** The proto `Signal.source` oneof member of a core signal source. */
function sourceToProto(source: SignalSource): Pick<Signal, 'opcUa' | 'mqtt' | 'sparkplug' | 'custom'> {
  switch (source.kind) {
    case 'opcua':
      return {
        opcUa: {
          nodeId: source.nodeId,
          typeDefinitionId: source.typeDefinitionId ?? '',
          browsePath: source.browsePath ?? '',
          indexRange: source.indexRange ?? '',
          field: source.field ?? '',
          ...(source.samplingInterval === undefined ? {} : { samplingIntervalMs: source.samplingInterval }),
          ...(source.publishingInterval === undefined ? {} : { publishingIntervalMs: source.publishingInterval }),
        },
      };
    case 'mqtt':
      return { mqtt: { topic: source.topic, jsonPath: source.jsonPath ?? '', timestampJsonPath: source.timestampJsonPath ?? '' } };
    case 'sparkplug':
      return { sparkplug: { groupId: source.groupId, edgeNodeId: source.edgeNodeId, deviceId: source.deviceId ?? '', metricName: source.metricName } };
    case 'custom':
      return { custom: { sourceType: source.sourceType, attributes: { ...source.attributes } } };
  }
}

/** The `rongtong.v1.Signal` of a core signal (absent optional fields as proto3 defaults). */
export function signalToProto(s: DomainSignal): Signal {
  return {
    id: s.id,
    name: s.name ?? '',
    ...sourceToProto(s.source),
    semantic: enumToProto('SIGNAL_SEMANTIC', s.semantic),
    unit: s.unit,
    counter: s.counter ? { monotonic: s.counter.monotonic, resetsOnJob: s.counter.resetsOnJob ?? false, wrapsAt: s.counter.wrapsAt ?? 0 } : null,
    stateMappings: s.stateMappings.map((m) => ({
      rawState: m.rawState,
      bucket: m.bucket === undefined ? 'TIME_BUCKET_UNSPECIFIED' : enumToProto('TIME_BUCKET', m.bucket),
    })),
    partsPerCycle: s.partsPerCycle ?? 0,
  };
}

/**
 * The `rongtong.v1.Equipment` of core equipment as a `DeclareEquipmentRequest` carries it:
 * the declared content only (enterprise id, agent id and times are the platform's).
 */
export function equipmentToProto(e: DomainEquipment): Equipment {
  return {
    id: e.id,
    name: e.name,
    path: e.path.map((n) => ({ level: enumToProto('HIERARCHY_LEVEL', n.level), id: n.id, name: n.name ?? '' })),
    equipmentClass: e.equipmentClass ?? '',
    manufacturer: e.manufacturer ?? '',
    model: e.model ?? '',
    serialNumber: e.serialNumber ?? '',
    ratedCapacityPerHour: e.ratedCapacityPerHour ? { value: e.ratedCapacityPerHour.value, unit: e.ratedCapacityPerHour.unit } : null,
    idealUnitTimes: e.idealUnitTimes.map((t) => ({ productId: t.productId ?? '', idealUnitTime: durationFromMillis(t.idealUnitTime) })),
    shiftCalendarId: e.shiftCalendarId ?? '',
    capabilities: e.capabilities.map((c) => ({ kind: enumToProto('CAPABILITY_KIND', c.kind), id: c.id, name: c.name ?? '' })),
    signals: e.signals.map(signalToProto),
  };
}
