import { EquipmentSchema } from '@rongtong/core';
import { createMessageCodec, type DeclareEquipmentRequest, type DeclareEquipmentRequest__Output } from '@rongtong/protocol';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AgentConfig } from './agent-config-schema.js';
import { validateAgentConfigFile } from './config-file.js';
import { equipmentDeclarationOf } from './equipment-declaration.js';
import { equipmentToProto } from './equipment-proto.js';

const fixture = (name: string): AgentConfig => {
  const report = validateAgentConfigFile(fileURLToPath(new URL(`../../test/config-fixtures/valid/${name}`, import.meta.url)));
  if (report.config === undefined) throw new Error(`${name}: ${JSON.stringify(report.errors)}`);
  return report.config;
};
const codec = createMessageCodec<DeclareEquipmentRequest, DeclareEquipmentRequest__Output>('rongtong.v1.DeclareEquipmentRequest');
/** The request as the platform decodes it. */
const onTheWire = (config: AgentConfig) => codec.decode(codec.encode({ equipment: equipmentDeclarationOf(config).map(equipmentToProto) })).equipment;

describe('equipmentDeclarationOf', () => {
  it.each(['full.yaml', 'opcua.yaml', 'mqtt.yaml', 'sparkplug.yaml', 'minimal.yaml', 'json-form.json'])(
    '%s: every equipment with exactly its signals, valid by core EquipmentSchema',
    (name) => {
      const config = fixture(name);
      const declared = equipmentDeclarationOf(config);
      expect(declared.map((e) => e.id)).toEqual(config.equipment.map((e) => e.id));
      for (const e of declared) {
        expect(EquipmentSchema.safeParse(e).error?.issues).toBeUndefined();
        expect(e.signals.map((s) => s.id)).toEqual(config.signals.filter((s) => s.equipment === e.id).map((s) => s.id));
      }
      expect(declared.flatMap((e) => e.signals)).toHaveLength(config.signals.length);
    },
  );

  it('carries the equipment fields, semantics, counters and state mappings of full.yaml to the proto', () => {
    const [lathe] = onTheWire(fixture('full.yaml'));
    expect(lathe).toMatchObject({
      id: 'lathe-3',
      name: '3号数控车床',
      equipmentClass: 'cnc-lathe',
      manufacturer: 'DMG MORI',
      model: 'CLX 350',
      serialNumber: '12345',
      shiftCalendarId: '',
      path: [
        { level: 'HIERARCHY_LEVEL_SITE', id: 'cq-plant-1', name: '重庆一厂' },
        { level: 'HIERARCHY_LEVEL_AREA', id: 'machining', name: '' },
        { level: 'HIERARCHY_LEVEL_LINE', id: 'line-2', name: '' },
      ],
      ratedCapacityPerHour: { value: 180, unit: '' },
      idealUnitTimes: [
        { productId: '', idealUnitTime: { seconds: '20', nanos: 0 } },
        { productId: 'brake-disc-a', idealUnitTime: { seconds: '18', nanos: 500_000_000 } },
      ],
      capabilities: [{ kind: 'CAPABILITY_KIND_PROCESS_SEGMENT', id: 'machining.turning', name: '数控车削' }],
    });
    const signals = new Map(lathe!.signals.map((s) => [s.id, s]));
    expect(signals.get('lathe-3/state')).toMatchObject({
      name: '机床状态',
      semantic: 'SIGNAL_SEMANTIC_MACHINE_STATE',
      stateMappings: [{ rawState: 'OutOfService', bucket: 'TIME_BUCKET_ADET' }],
      // The generator names its signals itself: a custom address naming the source.
      source: 'custom',
      custom: { sourceType: 'generator', attributes: { source: 'sim' } },
    });
    expect(signals.get('lathe-3/parts')).toMatchObject({ semantic: 'SIGNAL_SEMANTIC_PRODUCED_COUNT', counter: { monotonic: true, resetsOnJob: true, wrapsAt: 65536 } });
    expect(signals.get('lathe-3/temp')).toMatchObject({ semantic: 'SIGNAL_SEMANTIC_MEASUREMENT', unit: 'Cel', counter: null });
  });

  it('sends OPC UA addresses with index range, field and intervals, and MQTT and Sparkplug addresses', () => {
    const opcua = onTheWire(fixture('opcua.yaml')).flatMap((e) => e.signals);
    expect(opcua.find((s) => s.id === 'press-7/produced')).toMatchObject({
      source: 'opcUa',
      opcUa: { nodeId: 'nsu=urn:acme:press7;s=Admin.ProdProcessedCount', indexRange: '0', field: 'AccCount', samplingIntervalMs: 0, publishingIntervalMs: 200 },
    });
    expect(opcua.find((s) => s.id === 'lathe-3/state')?.opcUa?.typeDefinitionId).toBe('nsu=http://opcfoundation.org/UA/Machinery/;i=1002');
    const mqtt = fixture('mqtt.yaml');
    const mqttSignals = onTheWire(mqtt).flatMap((e) => e.signals);
    for (const s of mqtt.signals) {
      const sent = mqttSignals.find((w) => w.id === s.id);
      if (s.address?.kind === 'mqtt') expect(sent).toMatchObject({ source: 'mqtt', mqtt: { topic: s.address.topic, jsonPath: s.address.jsonPath ?? '' } });
      // Produced by a topic template: the source kind and id.
      else expect(sent).toMatchObject({ source: 'custom', custom: { sourceType: 'mqtt', attributes: { source: s.source } } });
    }
    const sparkplug = fixture('sparkplug.yaml');
    const withMetric = sparkplug.signals.find((s) => s.address?.kind === 'sparkplug');
    expect(withMetric).toBeDefined();
    if (withMetric?.address?.kind === 'sparkplug') {
      const sent = onTheWire(sparkplug).flatMap((e) => e.signals).find((s) => s.id === withMetric.id);
      expect(sent).toMatchObject({ source: 'sparkplug', sparkplug: { groupId: withMetric.address.groupId, metricName: withMetric.address.metricName } });
    }
  });

  it('declares equipment without signals, and leaves out a signal of unknown equipment', () => {
    const config = fixture('full.yaml');
    const declared = equipmentDeclarationOf({
      ...config,
      equipment: [...config.equipment, { id: 'spare', name: 'Spare', path: [], idealUnitTimes: [{ idealUnitTime: 60_000 }], capabilities: [], shiftCalendarId: 'two-shift' }],
      signals: [...config.signals, { ...config.signals[0]!, id: 'ghost/state', equipment: 'ghost' }],
    });
    expect(declared.map((e) => [e.id, e.signals.length])).toEqual([
      ['lathe-3', 7],
      ['spare', 0],
    ]);
    expect(equipmentToProto(declared[1]!)).toMatchObject({ shiftCalendarId: 'two-shift', idealUnitTimes: [{ productId: '', idealUnitTime: { seconds: '60', nanos: 0 } }] });
  });
});
