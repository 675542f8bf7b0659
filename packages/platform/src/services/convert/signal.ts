import { SIGNAL_SEMANTICS, TIME_BUCKETS, enumToProto, type Signal as DomainSignal, type SignalSource } from '@rongtong/core';
import type { Signal, Signal__Output } from '@rongtong/protocol';
import { optionalNumber, optionalString } from './optional.js';
import { enumIn } from './proto-enum.js';

/** The domain `SignalSource` of a request Signal's `source` oneof; undefined when no member is set. */
function sourceInput(s: Signal__Output): Record<string, unknown> | undefined {
  switch (s.source) {
    case 'opcUa':
      return s.opcUa
        ? {
            kind: 'opcua',
            nodeId: s.opcUa.nodeId,
            typeDefinitionId: optionalString(s.opcUa.typeDefinitionId),
            browsePath: optionalString(s.opcUa.browsePath),
            indexRange: optionalString(s.opcUa.indexRange),
            field: optionalString(s.opcUa.field),
            samplingInterval: s.opcUa.samplingIntervalMs ?? undefined,
            publishingInterval: s.opcUa.publishingIntervalMs ?? undefined,
          }
        : undefined;
    case 'mqtt':
      return s.mqtt
        ? {
            kind: 'mqtt',
            topic: s.mqtt.topic,
            jsonPath: optionalString(s.mqtt.jsonPath),
            timestampJsonPath: optionalString(s.mqtt.timestampJsonPath),
          }
        : undefined;
    case 'sparkplug':
      return s.sparkplug
        ? {
            kind: 'sparkplug',
            groupId: s.sparkplug.groupId,
            edgeNodeId: s.sparkplug.edgeNodeId,
            deviceId: optionalString(s.sparkplug.deviceId),
            metricName: s.sparkplug.metricName,
          }
        : undefined;
    case 'custom':
      return s.custom ? { kind: 'custom', sourceType: s.custom.sourceType, attributes: { ...s.custom.attributes } } : undefined;
    default:
      return undefined;
  }
}

/**
 * A request's Signal as an unvalidated domain object for `SignalSchema`. SEMANTIC
 * UNSPECIFIED is a measurement (as the contract says); unknown enum values are kept so
 * the schema names them.
 */
export function signalInput(s: Signal__Output): Record<string, unknown> {
  const semantic = enumIn('SIGNAL_SEMANTIC', SIGNAL_SEMANTICS, s.semantic);
  return {
    id: s.id,
    name: optionalString(s.name),
    source: sourceInput(s),
    semantic: semantic ?? 'measurement',
    unit: s.unit,
    counter: s.counter
      ? { monotonic: s.counter.monotonic, resetsOnJob: s.counter.resetsOnJob, wrapsAt: optionalNumber(s.counter.wrapsAt) }
      : undefined,
    stateMappings: s.stateMappings.map((m) => ({
      rawState: m.rawState,
      bucket: enumIn('TIME_BUCKET', TIME_BUCKETS, m.bucket),
    })),
    partsPerCycle: optionalNumber(s.partsPerCycle),
  };
}

/** The proto oneof member of a domain signal source. */
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
      return {
        sparkplug: {
          groupId: source.groupId,
          edgeNodeId: source.edgeNodeId,
          deviceId: source.deviceId ?? '',
          metricName: source.metricName,
        },
      };
    case 'custom':
      return { custom: { sourceType: source.sourceType, attributes: { ...source.attributes } } };
  }
}

/** The `rongtong.v1.Signal` of a domain signal. */
export function signalToProto(s: DomainSignal): Signal {
  return {
    id: s.id,
    name: s.name ?? '',
    ...sourceToProto(s.source),
    semantic: enumToProto('SIGNAL_SEMANTIC', s.semantic),
    unit: s.unit,
    counter: s.counter
      ? { monotonic: s.counter.monotonic, resetsOnJob: s.counter.resetsOnJob ?? false, wrapsAt: s.counter.wrapsAt ?? 0 }
      : null,
    stateMappings: s.stateMappings.map((m) => ({
      rawState: m.rawState,
      bucket: m.bucket ? enumToProto('TIME_BUCKET', m.bucket) : 'TIME_BUCKET_UNSPECIFIED',
    })),
    partsPerCycle: s.partsPerCycle ?? 0,
  };
}
