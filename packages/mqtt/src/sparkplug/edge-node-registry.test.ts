import type { Sample } from '@rongtong/core';
import { describe, expect, it } from 'vitest';
import { createEdgeNodeRegistry, type EdgeNodeRegistry } from './edge-node-registry.js';
import { SPARKPLUG_DATA_TYPES as DT } from './sparkplug-data-type.js';
import { SparkplugHierarchyMappingSchema } from './sparkplug-hierarchy.js';
import { DEFAULT_SPARKPLUG_SIGNAL_ID_TEMPLATE } from './sparkplug-ids.js';
import type { SparkplugMetric, SparkplugPayload } from './sparkplug-payload.js';
import { type SparkplugSignalBinding, createSparkplugSignalResolver } from './sparkplug-signals.js';

const T = 1_735_689_600_000;
const RX = T + 50_000; // receive time

function registry(options: { signals?: SparkplugSignalBinding[]; unboundMetrics?: 'template' | 'ignore'; controlMetrics?: boolean; reorder?: boolean } = {}): EdgeNodeRegistry {
  return createEdgeNodeRegistry({
    signals: createSparkplugSignalResolver({
      signals: options.signals ?? [],
      groups: [],
      template: DEFAULT_SPARKPLUG_SIGNAL_ID_TEMPLATE,
      unboundMetrics: options.unboundMetrics ?? 'template',
      controlMetrics: options.controlMetrics ?? false,
    }),
    hierarchy: SparkplugHierarchyMappingSchema.parse({}),
    reorder: options.reorder ?? false,
  });
}

const payload = (seq: number | undefined, metrics: SparkplugMetric[], timestamp = T): SparkplugPayload => ({ timestamp: BigInt(timestamp), metrics, ...(seq === undefined ? {} : { seq: BigInt(seq) }) });
const good = (signalId: string, sourceTime: number, value: Sample['value']): Sample => ({ signalId, sourceTime, value, quality: 'good' });
const stale = (signalId: string, sourceTime: number): Sample => ({ signalId, sourceTime, value: undefined, quality: 'bad', sourceStatus: 500 });

const NBIRTH = payload(0, [
  { name: 'bdSeq', datatype: DT.Int64, value: { kind: 'long', value: 3n }, timestamp: BigInt(T) },
  { name: 'Node Control/Rebirth', datatype: DT.Boolean, value: { kind: 'boolean', value: false }, timestamp: BigInt(T) },
  { name: 'CPU', alias: 1n, datatype: DT.Float, value: { kind: 'float', value: 12.5 }, timestamp: BigInt(T) },
]);
const DBIRTH = payload(1, [
  { name: 'State', alias: 10n, datatype: DT.String, value: { kind: 'string', value: 'Idle' }, timestamp: BigInt(T) },
  { name: 'Good', alias: 11n, datatype: DT.UInt64, value: { kind: 'long', value: 100n }, timestamp: BigInt(T) },
]);

function born(r: EdgeNodeRegistry): void {
  r.handle('G', 'NBIRTH', 'N', undefined, NBIRTH, RX);
  r.handle('G', 'DBIRTH', 'N', 'D', DBIRTH, RX);
}

describe('edge node registry', () => {
  it('emits birth values, then data resolved through aliases, in source-time order; discovers metrics with their equipment', () => {
    const r = registry();
    const nbirth = r.handle('G', 'NBIRTH', 'N', undefined, NBIRTH, RX);
    expect(nbirth.event).toBe('node_birth');
    expect(nbirth.samples).toEqual([good('G/N/CPU', T, 12.5)]); // bdSeq and Node Control have no template id
    expect(nbirth.discovered.map((d) => [d.address.metricName, d.signalIds, d.dataTypeName, d.equipment.id])).toEqual([
      ['bdSeq', [], 'Int64', 'G.N'],
      ['Node Control/Rebirth', [], 'Boolean', 'G.N'],
      ['CPU', ['G/N/CPU'], 'Float', 'G.N'],
    ]);
    const dbirth = r.handle('G', 'DBIRTH', 'N', 'D', DBIRTH, RX);
    expect(dbirth.samples).toEqual([good('G/N/D/State', T, 'Idle'), good('G/N/D/Good', T, 100n)]);
    expect(dbirth.discovered[0]).toMatchObject({ address: { kind: 'sparkplug', groupId: 'G', edgeNodeId: 'N', deviceId: 'D', metricName: 'State' }, equipment: { id: 'G.N.D', name: 'D' } });
    const ddata = r.handle('G', 'DDATA', 'N', 'D', payload(2, [
      { alias: 11n, value: { kind: 'long', value: 101n }, timestamp: BigInt(T + 2000) },
      { alias: 10n, value: { kind: 'string', value: 'Execute' }, timestamp: BigInt(T + 1000) },
    ]), RX);
    expect(ddata).toMatchObject({ event: 'data', sequence: 'next', errors: [], samples: [good('G/N/D/State', T + 1000, 'Execute'), good('G/N/D/Good', T + 2000, 101n)] });
    expect(ddata.rebirth).toBeUndefined();
    const ndata = r.handle('G', 'NDATA', 'N', undefined, payload(3, [{ name: 'CPU', value: { kind: 'float', value: 13 } }], T + 3000), RX);
    expect(ndata.samples).toEqual([good('G/N/CPU', T + 3000, 13)]); // by name, the payload's time
    expect(r.nodes()).toEqual([{ groupId: 'G', edgeNodeId: 'N', online: true, bdSeq: 3n, birthTime: RX, metrics: 3, devices: [{ deviceId: 'D', online: true, metrics: 2 }] }]);
  });

  it('uses exact bindings (control metrics too) and can ignore unbound metrics', () => {
    const r = registry({
      unboundMetrics: 'ignore',
      signals: [
        { id: 'press/good', address: { kind: 'sparkplug', groupId: 'G', edgeNodeId: 'N', deviceId: 'D', metricName: 'Good' } },
        { id: 'gw/bdseq', address: { kind: 'sparkplug', groupId: 'G', edgeNodeId: 'N', metricName: 'bdSeq' } },
      ],
    });
    expect(r.handle('G', 'NBIRTH', 'N', undefined, NBIRTH, RX).samples).toEqual([good('gw/bdseq', T, 3n)]);
    const d = r.handle('G', 'DBIRTH', 'N', 'D', DBIRTH, RX);
    expect(d.samples).toEqual([good('press/good', T, 100n)]);
    expect(d.discovered.map((m) => [m.address.metricName, m.bound, m.signalIds])).toEqual([
      ['State', false, []],
      ['Good', true, ['press/good']],
    ]);
  });

  it('asks for a rebirth on an unknown alias, on data before a birth, and reports seq gaps', () => {
    const r = registry();
    const early = r.handle('G', 'NDATA', 'N', undefined, payload(5, [{ alias: 1n, value: { kind: 'float', value: 1 } }]), RX);
    expect(early).toMatchObject({ event: 'rejected', samples: [], errors: [{ reason: 'not_born' }] });
    expect(early.rebirth).toMatch(/before its birth/);
    born(r);
    const unknown = r.handle('G', 'DDATA', 'N', 'D', payload(2, [{ alias: 99n, value: { kind: 'int', value: 1 } }, { alias: 11n, value: { kind: 'long', value: 5n } }]), RX);
    expect(unknown.errors).toEqual([{ reason: 'unknown_metric', metric: 'alias 99', detail: 'not announced by the birth certificate' }]);
    expect(unknown.rebirth).toBe('unknown metric alias 99');
    expect(unknown.samples).toEqual([good('G/N/D/Good', T, 5n)]); // the known metric still counts
    const gap = r.handle('G', 'NDATA', 'N', undefined, payload(5, [{ alias: 1n, value: { kind: 'float', value: 2 } }]), RX);
    expect(gap.sequence).toBe('gap');
    expect(gap.samples).toHaveLength(1); // data after a gap is still real data
    const otherDevice = r.handle('G', 'DDATA', 'N', 'X', payload(6, [{ alias: 10n, value: { kind: 'string', value: 'x' } }]), RX);
    expect(otherDevice).toMatchObject({ event: 'rejected', errors: [{ reason: 'not_born' }], sequence: 'next' });
  });

  it('NDEATH with the birth bdSeq makes every signal of the node and its devices stale at the receive time; another bdSeq is ignored', () => {
    const r = registry();
    born(r);
    const old = r.handle('G', 'NDEATH', 'N', undefined, payload(undefined, [{ name: 'bdSeq', datatype: DT.Int64, value: { kind: 'long', value: 2n } }]), RX + 1);
    expect(old).toMatchObject({ event: 'ignored_death', samples: [] });
    const death = r.handle('G', 'NDEATH', 'N', undefined, payload(undefined, [{ name: 'bdSeq', datatype: DT.Int64, value: { kind: 'long', value: 3n } }]), RX + 2);
    expect(death.event).toBe('node_death');
    expect(death.staleSamples).toBe(3);
    expect(death.samples).toEqual([stale('G/N/CPU', RX + 2), stale('G/N/D/State', RX + 2), stale('G/N/D/Good', RX + 2)]);
    expect(r.handle('G', 'NDEATH', 'N', undefined, payload(undefined, [{ name: 'bdSeq', datatype: DT.Int64, value: { kind: 'long', value: 3n } }]), RX + 3).event).toBe('ignored_death');
    expect(r.handle('G', 'DDATA', 'N', 'D', payload(4, [{ alias: 10n, value: { kind: 'string', value: 'x' } }]), RX).errors[0]?.reason).toBe('not_born');
    expect(r.nodes()[0]).toMatchObject({ online: false, deathTime: RX + 2, devices: [{ deviceId: 'D', online: false }] });
  });

  it('DDEATH makes the device stale at its payload time; a new NBIRTH leaves devices offline until their DBIRTH', () => {
    const r = registry();
    born(r);
    const death = r.handle('G', 'DDEATH', 'N', 'D', payload(2, [], T + 9000), RX);
    expect(death).toMatchObject({ event: 'device_death', samples: [stale('G/N/D/State', T + 9000), stale('G/N/D/Good', T + 9000)] });
    born(r);
    r.handle('G', 'NBIRTH', 'N', undefined, NBIRTH, RX);
    expect(r.handle('G', 'DDATA', 'N', 'D', payload(1, [{ alias: 10n, value: { kind: 'string', value: 'x' } }]), RX).errors[0]?.reason).toBe('not_born');
  });

  it('the loss of the broker makes every online signal stale once', () => {
    const r = registry();
    born(r);
    expect(r.sessionLost(RX + 5)).toEqual([stale('G/N/CPU', RX + 5), stale('G/N/D/State', RX + 5), stale('G/N/D/Good', RX + 5)]);
    expect(r.sessionLost(RX + 6)).toEqual([]);
  });

  it('null values, Quality properties, wrong and unsupported types, bad births', () => {
    const r = registry();
    const birth = r.handle('G', 'NBIRTH', 'N', undefined, payload(0, [
      { name: 'a', alias: 1n, datatype: DT.Double, value: { kind: 'double', value: 1 } },
      { name: 'b', alias: 2n, datatype: DT.Int32, isNull: true },
      { name: 'c', alias: 3n, datatype: DT.DataSet, value: { kind: 'dataset' } },
      { name: 'a', alias: 4n, datatype: DT.Double, value: { kind: 'double', value: 2 } },
      { alias: 5n, datatype: DT.Double, value: { kind: 'double', value: 2 } },
      { name: 'e', alias: 1n, datatype: DT.Double, value: { kind: 'double', value: 3 } },
    ]), RX);
    expect(birth.errors.map((e) => [e.reason, e.metric])).toEqual([
      ['unsupported_type', 'c'],
      ['bad_metric', 'a'], // named twice
      ['bad_metric', 'alias 5'], // no name
      ['bad_metric', 'e'], // alias 1 twice
    ]);
    const out = r.handle('G', 'NDATA', 'N', undefined, payload(1, [
      { alias: 1n, value: { kind: 'double', value: 5 }, properties: { keys: ['Quality'], values: [{ type: DT.Int32, value: { kind: 'int', value: 500 } }] } },
      { alias: 1n, value: { kind: 'double', value: 6 }, properties: { keys: ['Quality'], values: [{ type: DT.Int32, value: { kind: 'int', value: 0 } }] } },
      { alias: 2n, value: { kind: 'string', value: 'x' } },
      { alias: 2n, isNull: true },
      { alias: 3n, value: { kind: 'dataset' } },
      { alias: 1n },
      {},
    ]), RX);
    expect(out.samples).toEqual([
      { signalId: 'G/N/a', sourceTime: T, value: 5, quality: 'uncertain', sourceStatus: 500 },
      { signalId: 'G/N/a', sourceTime: T, value: 6, quality: 'bad', sourceStatus: 0 },
      { signalId: 'G/N/b', sourceTime: T, value: undefined, quality: 'bad' },
    ]);
    expect(out.errors.map((e) => e.reason)).toEqual(['wrong_type', 'unsupported_type', 'wrong_type', 'bad_metric']);
    expect(out.rebirth).toBeUndefined();
  });

  it('reports template id collisions instead of mixing two metrics in one signal', () => {
    const r = registry();
    const out = r.handle('G', 'NBIRTH', 'N', undefined, payload(0, [
      { name: 'Good Count', datatype: DT.Int32, value: { kind: 'int', value: 1 } },
      { name: 'Good_Count', datatype: DT.Int32, value: { kind: 'int', value: 2 } },
    ]), RX);
    expect(out.samples).toEqual([good('G/N/Good_Count', T, 1n)]);
    expect(out.errors).toMatchObject([{ reason: 'signal_id_collision', metric: 'Good_Count' }]);
  });
});
