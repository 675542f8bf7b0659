import type { Sample } from '@rongtong/core';
import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SPARKPLUG_DATA_TYPES as DT,
  createSparkplugHostSource,
  type DiscoveredSparkplugMetric,
  type SparkplugHostSource,
  type SparkplugHostSourceOptions,
  type SparkplugMetricInput,
  encodeSparkplugPayload,
} from '../src/index.js';
import { collectingSink, eventually, memoryLogger, stateRecorder } from './support/sinks.js';
import { type TestEdgeNode, connectEdgeNode } from './support/sparkplug-edge-node.js';
import { type TestBroker, startTestBroker } from './support/test-broker.js';

const T = Date.parse('2025-01-01T00:00:00Z');
const FAST = { initialMs: 20, maxMs: 200, multiplier: 2, jitter: 0 };

let broker: TestBroker;
const sources: SparkplugHostSource[] = [];
const nodes: TestEdgeNode[] = [];
const clients: MqttClient[] = [];

type HostOptions = Omit<SparkplugHostSourceOptions, 'config'> & { config: Partial<SparkplugHostSourceOptions['config']> & { id: string; hostId: string } };

/** Makes a host against the shared broker (stopped after all tests). */
function host(options: HostOptions): SparkplugHostSource {
  const s = createSparkplugHostSource({ ...options, config: { url: broker.url, backoff: FAST, ...options.config } });
  sources.push(s);
  return s;
}

async function started(s: SparkplugHostSource): Promise<SparkplugHostSource> {
  await s.start();
  await eventually(`${s.id} connected`, () => s.state === 'connected');
  return s;
}

async function edgeNode(groupId: string, edgeNodeId: string, bdSeq = 0): Promise<TestEdgeNode> {
  const node = await connectEdgeNode({ url: broker.url, groupId, edgeNodeId, bdSeq });
  nodes.push(node);
  return node;
}

/** A client recording the STATE messages of a host: [host id, payload, retain]. */
async function stateObserver(hostId: string): Promise<{ readonly messages: [string, { online: boolean; timestamp: number }, boolean][] }> {
  const client = await mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
  clients.push(client);
  const messages: [string, { online: boolean; timestamp: number }, boolean][] = [];
  client.on('message', (topic, payload, packet) => {
    if (payload.length > 0) messages.push([topic.split('/')[2]!, JSON.parse(payload.toString()) as { online: boolean; timestamp: number }, packet.retain]);
  });
  await client.subscribeAsync(`spBv1.0/STATE/${hostId}`, { qos: 1 });
  return { messages };
}

/** Closes a client's connection from the broker side, without DISCONNECT (the broker then publishes its Will). */
function dropClient(clientId: string): void {
  const clientsById = (broker.aedes as unknown as { clients: Record<string, { conn: { destroy(): void } } | undefined> }).clients;
  const client = clientsById[clientId];
  if (!client) throw new Error(`no client ${clientId} on the broker`);
  client.conn.destroy();
}

const good = (signalId: string, sourceTime: number, value: Sample['value']): Sample => ({ signalId, sourceTime, value, quality: 'good' });
const stale = (signalId: string, sourceTime: number): Sample => ({ signalId, sourceTime, value: undefined, quality: 'bad', sourceStatus: 500 });

/** A press behind a gateway: NBIRTH metrics of the gateway, DBIRTH metrics of the press. */
const GATEWAY_METRICS: SparkplugMetricInput[] = [{ name: 'Properties/CPU Temp', alias: 1, datatype: DT.Double, value: { kind: 'double', value: 41.5 }, timestamp: T }];
const PRESS_METRICS: SparkplugMetricInput[] = [
  { name: 'Status/State', alias: 10, datatype: DT.String, value: { kind: 'string', value: 'Idle' }, timestamp: T },
  { name: 'Production/Good', alias: 11, datatype: DT.UInt64, value: { kind: 'long', value: 9007199254740993n }, timestamp: T },
  { name: 'Production/Scrap', alias: 12, datatype: DT.Int32, value: { kind: 'int', value: 0 }, timestamp: T },
];

beforeAll(async () => {
  broker = await startTestBroker();
});

afterAll(async () => {
  await Promise.all(sources.map((s) => s.stop()));
  await Promise.all(nodes.map((n) => n.close().catch(() => undefined)));
  await Promise.all(clients.map((c) => c.endAsync()));
  await broker.close();
});

describe('Sparkplug B host application on aedes (MQTT 3.1.1)', () => {
  it('publishes its STATE birth retained once subscribed; the Will online:false when its connection drops; a new birth after reconnecting; online:false on stop', async () => {
    const observer = await stateObserver('host-state');
    const recorder = stateRecorder();
    const s = await started(host({ config: { id: 'state', hostId: 'host-state', groups: ['G-state'] }, sink: collectingSink(), onStateChange: recorder.onStateChange }));
    await eventually('birth', () => observer.messages.length === 1);
    const [hostId, birth, retained] = observer.messages[0]!;
    expect([hostId, birth.online, retained]).toEqual(['host-state', true, false]);
    // A client subscribing later gets the retained birth.
    const late = await stateObserver('host-state');
    await eventually('retained birth', () => late.messages.length === 1);
    expect(late.messages[0]).toEqual(['host-state', birth, true]);

    dropClient(s.clientId);
    await eventually('death (Will) and a new birth', () => observer.messages.length === 3);
    expect(observer.messages[1]).toEqual(['host-state', { online: false, timestamp: birth.timestamp }, false]);
    const [, rebirth] = observer.messages[2]!;
    expect(rebirth.online).toBe(true);
    expect(rebirth.timestamp).toBeGreaterThanOrEqual(birth.timestamp);
    await eventually('connected again', () => s.state === 'connected');
    expect(recorder.states).toEqual(['connecting', 'connected', 'backoff', 'connecting', 'connected']);

    await s.stop();
    await eventually('death on stop', () => observer.messages.length === 4);
    expect(observer.messages[3]![1]).toMatchObject({ online: false });
    expect(observer.messages[3]![1].timestamp).toBeGreaterThanOrEqual(rebirth.timestamp);
    expect(s.stats().connections).toBe(2);
  });

  it('republishes its birth when delivered its own death of the current session', async () => {
    const observer = await stateObserver('host-own-death');
    const s = await started(host({ config: { id: 'own-death', hostId: 'host-own-death', groups: ['G-own'] }, sink: collectingSink() }));
    await eventually('birth', () => observer.messages.length === 1);
    const [, birth] = observer.messages[0]!;
    const other = clients[0]!;
    await other.publishAsync('spBv1.0/STATE/host-own-death', JSON.stringify({ online: false, timestamp: birth.timestamp }), { qos: 1, retain: true });
    await eventually('birth republished', () => observer.messages.length === 3);
    expect(observer.messages[2]).toEqual(['host-own-death', { online: true, timestamp: birth.timestamp }, false]);
    // An older death (a previous session's Will) is left alone.
    await other.publishAsync('spBv1.0/STATE/host-own-death', JSON.stringify({ online: false, timestamp: birth.timestamp - 1 }), { qos: 1, retain: false });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(observer.messages).toHaveLength(4);
    await s.stop();
  });

  it('maps births and alias-only data to exact samples and discovers each metric with its equipment', async () => {
    const sink = collectingSink();
    const discovered: DiscoveredSparkplugMetric[] = [];
    const s = await started(
      host({
        config: { id: 'data', hostId: 'host-data', groups: ['Plant1'] },
        signals: [{ id: 'press-3/good', semantic: 'good_count', address: { kind: 'sparkplug', groupId: 'Plant1', edgeNodeId: 'GW1', deviceId: 'Press 3', metricName: 'Production/Good' } }],
        sink,
        onMetricDiscovered: (m) => discovered.push(m),
      }),
    );
    const gw = await edgeNode('Plant1', 'GW1', 7);
    await gw.nbirth(GATEWAY_METRICS);
    await gw.dbirth('Press 3', PRESS_METRICS);
    await gw.ddata('Press 3', [
      { alias: 10, value: { kind: 'string', value: 'Execute' }, timestamp: T + 1000 },
      { alias: 11, value: { kind: 'long', value: 9007199254740994n }, timestamp: T + 1000 },
    ]);
    await gw.ddata('Press 3', [{ alias: 12, value: { kind: 'int', value: 0xffff_ffff }, timestamp: T + 2000 }]); // Int32 −1, sign-extended
    await gw.ndata([{ alias: 1, value: { kind: 'double', value: 43 }, timestamp: T + 3000 }]);
    await eventually('5 writes', () => sink.writes.length === 5);
    expect(sink.writes).toEqual([
      [good('Plant1/GW1/Properties/CPU_Temp', T, 41.5)],
      [good('Plant1/GW1/Press_3/Status/State', T, 'Idle'), good('press-3/good', T, 9007199254740993n), good('Plant1/GW1/Press_3/Production/Scrap', T, 0n)],
      [good('Plant1/GW1/Press_3/Status/State', T + 1000, 'Execute'), good('press-3/good', T + 1000, 9007199254740994n)],
      [good('Plant1/GW1/Press_3/Production/Scrap', T + 2000, -1n)],
      [good('Plant1/GW1/Properties/CPU_Temp', T + 3000, 43)],
    ]);
    expect(discovered.map((d) => [d.address.metricName, d.signalIds, d.bound, d.dataTypeName, d.equipment.id])).toEqual([
      ['bdSeq', [], false, 'Int64', 'Plant1.GW1'],
      ['Node Control/Rebirth', [], false, 'Boolean', 'Plant1.GW1'],
      ['Properties/CPU Temp', ['Plant1/GW1/Properties/CPU_Temp'], false, 'Double', 'Plant1.GW1'],
      ['Status/State', ['Plant1/GW1/Press_3/Status/State'], false, 'String', 'Plant1.GW1.Press_3'],
      ['Production/Good', ['press-3/good'], true, 'UInt64', 'Plant1.GW1.Press_3'],
      ['Production/Scrap', ['Plant1/GW1/Press_3/Production/Scrap'], false, 'Int32', 'Plant1.GW1.Press_3'],
    ]);
    expect(discovered[4]!.equipment).toEqual({
      id: 'Plant1.GW1.Press_3',
      name: 'Press 3',
      path: [
        { level: 'line', id: 'Plant1', name: 'Plant1' },
        { level: 'cell', id: 'Plant1.GW1', name: 'GW1' },
      ],
    });
    expect(s.edgeNodes()).toEqual([{ groupId: 'Plant1', edgeNodeId: 'GW1', online: true, bdSeq: 7n, birthTime: expect.any(Number) as number, metrics: 3, devices: [{ deviceId: 'Press 3', online: true, metrics: 3 }] }]);
    expect(s.stats()).toMatchObject({ messages: 6, births: 2, samples: 8, seqGaps: 0, rebirthRequests: 0, payloadErrors: { unknown_metric: 0, not_protobuf: 0 } });
  });

  it('asks an edge node for a rebirth when a seq is skipped, and reads its new birth', async () => {
    const sink = collectingSink();
    const logger = memoryLogger();
    const s = await started(host({ config: { id: 'gap', hostId: 'host-gap', groups: ['G-gap'] }, sink, logger }));
    const node = await edgeNode('G-gap', 'N1');
    await node.nbirth(GATEWAY_METRICS);
    await node.ndata([{ alias: 1, value: { kind: 'double', value: 1 } }]);
    node.skip();
    await node.ndata([{ alias: 1, value: { kind: 'double', value: 2 } }]);
    await eventually('rebirth request', () => node.rebirthRequests === 1);
    const command = node.commands[0]!;
    expect(command.metrics).toEqual([{ name: 'Node Control/Rebirth', timestamp: expect.any(BigInt) as bigint, datatype: DT.Boolean, value: { kind: 'boolean', value: true } }]);
    expect(command.timestamp).toBeDefined();
    expect(s.stats()).toMatchObject({ seqGaps: 1, rebirthRequests: 1 });
    // The node answers with a new birth; the sequence starts again.
    await node.nbirth(GATEWAY_METRICS, T + 5000);
    await node.ndata([{ alias: 1, value: { kind: 'double', value: 3 } }], T + 6000);
    await eventually('samples after the rebirth', () => sink.samples.at(-1)?.value === 3);
    expect(sink.samples.map((x) => x.value)).toEqual([41.5, 1, 2, 41.5, 3]);
    expect(s.stats().seqGaps).toBe(1);
    expect(logger.records.filter((r) => r.level === 'warn' && r.obj.edgeNodeId === 'N1')).toHaveLength(1);
  });

  it('asks for a rebirth on an unknown alias and on data from a node it has no birth of, at most once per rebirthIntervalMs', async () => {
    const s = await started(host({ config: { id: 'alias', hostId: 'host-alias', groups: ['G-alias'], rebirthIntervalMs: 60_000 }, sink: collectingSink() }));
    const node = await edgeNode('G-alias', 'N1');
    await node.nbirth(GATEWAY_METRICS);
    await node.ndata([{ alias: 99, value: { kind: 'double', value: 1 } }]);
    await eventually('rebirth request (unknown alias)', () => node.rebirthRequests === 1);
    await node.ndata([{ alias: 98, value: { kind: 'double', value: 1 } }]);
    await eventually('second unknown alias counted', () => s.stats().payloadErrors.unknown_metric === 2);
    expect(s.stats()).toMatchObject({ rebirthRequests: 1, rebirthRequestsSuppressed: 1 });

    const stranger = await edgeNode('G-alias', 'N2'); // its NBIRTH went out before the host was there
    stranger.skip(5);
    await stranger.ndata([{ alias: 1, value: { kind: 'double', value: 1 } }]);
    await eventually('rebirth request (no birth)', () => stranger.rebirthRequests === 1);
    expect(s.stats().payloadErrors.not_born).toBe(1);
    expect(node.rebirthRequests).toBe(1);
  });

  it('on NDEATH with the birth bdSeq (the Will, when the node drops): one bad sample per signal of the node and its devices; an older bdSeq is ignored', async () => {
    const sink = collectingSink();
    const s = await started(host({ config: { id: 'death', hostId: 'host-death', groups: ['G-death'] }, sink }));
    const node = await edgeNode('G-death', 'GW', 4);
    await node.nbirth(GATEWAY_METRICS);
    await node.dbirth('Press', PRESS_METRICS);
    await eventually('births', () => sink.samples.length === 4);
    const before = Date.now();
    await node.drop(); // the broker publishes the Will: NDEATH with bdSeq 4
    await eventually('stale samples', () => sink.samples.length === 8);
    const deaths = sink.samples.slice(4);
    expect(deaths.map((x) => ({ ...x, sourceTime: 0 }))).toEqual([
      stale('G-death/GW/Properties/CPU_Temp', 0),
      stale('G-death/GW/Press/Status/State', 0),
      stale('G-death/GW/Press/Production/Good', 0),
      stale('G-death/GW/Press/Production/Scrap', 0),
    ]);
    for (const x of deaths) expect(x.sourceTime).toBeGreaterThanOrEqual(before); // the host's receive time (§5: NDEATH times are the host's)
    expect(s.edgeNodes()[0]).toMatchObject({ online: false, devices: [{ deviceId: 'Press', online: false }] });
    expect(s.stats()).toMatchObject({ deaths: 1, staleSamples: 4 });

    await node.reconnect(); // bdSeq 5
    await node.nbirth(GATEWAY_METRICS);
    await eventually('new birth', () => sink.samples.length === 9);
    await node.ndeath(4); // a late Will of the previous session
    await eventually('ignored', () => s.stats().ignoredDeaths === 1);
    await node.ddeath('Press'); // a device without a birth in this session: nothing to make stale
    await node.dbirth('Press', PRESS_METRICS, T + 10_000);
    await node.ddeath('Press', T + 20_000);
    await eventually('device stale', () => sink.samples.length === 15);
    expect(s.stats()).toMatchObject({ deaths: 2, ignoredDeaths: 2 });
    expect(sink.samples.slice(12)).toEqual([stale('G-death/GW/Press/Status/State', T + 20_000), stale('G-death/GW/Press/Production/Good', T + 20_000), stale('G-death/GW/Press/Production/Scrap', T + 20_000)]);
    expect(s.edgeNodes()[0]).toMatchObject({ online: true, bdSeq: 5n, devices: [{ deviceId: 'Press', online: false }] });
  });

  it('when it loses the broker, marks every online signal stale, then asks nodes that do not rebirth on their own for a rebirth', async () => {
    const sink = collectingSink();
    const s = await started(host({ config: { id: 'lost', hostId: 'host-lost', groups: ['G-lost'] }, sink }));
    const node = await edgeNode('G-lost', 'N1');
    await node.nbirth(GATEWAY_METRICS);
    await eventually('birth', () => sink.samples.length === 1);
    const before = Date.now();
    dropClient(s.clientId);
    await eventually('stale sample', () => sink.samples.length === 2);
    expect(sink.samples[1]).toMatchObject({ signalId: 'G-lost/N1/Properties/CPU_Temp', value: undefined, quality: 'bad', sourceStatus: 500 });
    expect(sink.samples[1]!.sourceTime).toBeGreaterThanOrEqual(before);
    await eventually('reconnected', () => s.state === 'connected');
    await node.ndata([{ alias: 1, value: { kind: 'double', value: 5 } }]);
    await eventually('rebirth request', () => node.rebirthRequests === 1);
    expect(sink.samples).toHaveLength(2); // no data without a birth
  });

  it('with a reorder window, a late message fills the gap (no rebirth); a message still missing at the timeout is a gap', async () => {
    const sink = collectingSink();
    const s = await started(host({ config: { id: 'reorder', hostId: 'host-reorder', groups: ['G-reorder'], reorderTimeoutMs: 300 }, sink }));
    const node = await edgeNode('G-reorder', 'N1');
    const data = (v: number): SparkplugMetricInput[] => [{ alias: 1, value: { kind: 'double', value: v } }];
    await node.nbirth(GATEWAY_METRICS); // seq 0
    node.skip(); // seq 1 goes out later
    await node.ndata(data(2)); // seq 2
    await node.raw('spBv1.0/G-reorder/NDATA/N1', Buffer.from(encodeSparkplugPayload({ timestamp: T, seq: 1, metrics: data(1) }))); // seq 1, late
    await eventually('three samples', () => sink.samples.length === 3);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(s.stats()).toMatchObject({ seqGaps: 0, rebirthRequests: 0 });
    node.skip(); // seq 3 never comes
    await node.ndata(data(4));
    await eventually('gap after the timeout', () => s.stats().seqGaps === 1);
    await eventually('rebirth request', () => node.rebirthRequests === 1);
  });

  it('counts malformed messages by reason, logs each (topic, reason) once, and keeps other edge nodes flowing', async () => {
    const sink = collectingSink();
    const logger = memoryLogger();
    const s = await started(host({ config: { id: 'malformed', hostId: 'host-malformed', groups: ['G-bad'], requestRebirth: false }, sink, logger }));
    const healthy = await edgeNode('G-bad', 'OK');
    const broken = await edgeNode('G-bad', 'BAD');
    await healthy.nbirth(GATEWAY_METRICS);
    await broken.nbirth([
      { name: 'Table', alias: 5, datatype: DT.DataSet, value: { kind: 'int', value: 1 } },
      { name: 'Count', alias: 6, datatype: DT.UInt8, value: { kind: 'int', value: 300 } },
    ]);
    for (let i = 0; i < 3; i += 1) {
      await broken.raw('spBv1.0/G-bad/NDATA/BAD', 'not protobuf {');
      await broken.raw('spBv1.0/G-bad/NFOO/BAD', 'x');
      await healthy.ndata([{ alias: 1, value: { kind: 'double', value: i } }]);
    }
    await eventually('all messages', () => s.stats().messages === 1 + 2 + 3 * 3); // its own STATE, 2 births, 9 more
    await eventually('healthy samples', () => sink.samples.length === 4);
    expect(sink.samples.map((x) => x.value)).toEqual([41.5, 0, 1, 2]);
    expect(s.stats().payloadErrors).toMatchObject({ not_protobuf: 3, bad_topic: 3, unsupported_type: 1, wrong_type: 1 });
    const warned = logger.records.filter((r) => r.level === 'warn' && r.obj.reason !== undefined).map((r) => [r.obj.topic, r.obj.reason]);
    expect(warned).toEqual([
      ['spBv1.0/G-bad/NBIRTH/BAD', 'unsupported_type'],
      ['spBv1.0/G-bad/NBIRTH/BAD', 'wrong_type'],
      ['spBv1.0/G-bad/NDATA/BAD', 'not_protobuf'],
      ['spBv1.0/G-bad/NFOO/BAD', 'bad_topic'],
    ]);
    expect(s.state).toBe('connected');
  });
});
