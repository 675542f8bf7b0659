import { randomUUID } from 'node:crypto';
import type { Sample } from '@rongtong/core';
import mqtt from 'mqtt';
import type { UPayload } from 'sparkplug-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DiscoveredSparkplugMetric,
  SPARKPLUG_STALE,
  type SparkplugHostSource,
  createSparkplugHostSource,
  parseSparkplugTopic,
} from '../src/index.js';
import { type CollectingSink, collectingSink, eventually } from './support/sinks.js';
import { type TahuEdgeNode, startTahuEdgeNode } from './support/tahu-edge-node.js';
import { type TestBroker, startTestBroker } from './support/test-broker.js';

/**
 * Interoperability with an edge node that is not ours: Eclipse Tahu's `sparkplug-client`
 * (its own mqtt@4 and `sparkplug-payload` encoder) publishes births and data to our host.
 */

const T = Date.parse('2025-03-01T08:00:00Z');
const FAST = { initialMs: 20, maxMs: 200, multiplier: 2, jitter: 0 };
const mosquittoUrl = process.env.RONGTONG_TEST_MQTT_URL;
if (!mosquittoUrl) console.log('mqtt: Tahu interop Mosquitto variant skipped: set RONGTONG_TEST_MQTT_URL, e.g. RONGTONG_TEST_MQTT_URL=mqtt://127.0.0.1:1883');

/** Beyond 32 bits, so it travels as `long_value`. */
const GOOD_COUNT = 4_294_967_301;

/** The NBIRTH of the Tahu gateway (Tahu appends bdSeq = 0 itself). */
const nodeBirth = (): UPayload => ({
  timestamp: T,
  metrics: [
    { name: 'Node Control/Rebirth', type: 'Boolean', value: false, timestamp: T },
    { name: 'Properties/Uptime', alias: 1, type: 'UInt64', value: 3600, timestamp: T },
    { name: 'Temperature', alias: 2, type: 'Double', value: 21.5, timestamp: T },
  ],
});

/** The DBIRTH of the press behind it. */
const pressBirth = (): UPayload => ({
  timestamp: T,
  metrics: [
    { name: 'Status/State', alias: 10, type: 'String', value: 'Idle', timestamp: T },
    { name: 'Production/Good', alias: 11, type: 'Int64', value: GOOD_COUNT, timestamp: T },
    { name: 'Speed', alias: 12, type: 'Float', value: 1.5, timestamp: T },
    { name: 'Running', alias: 13, type: 'Boolean', value: true, timestamp: T },
    { name: 'LastChange', alias: 14, type: 'DateTime', value: T - 60_000, timestamp: T },
    { name: 'Scrap', alias: 15, type: 'Int32', value: -1, timestamp: T },
  ],
});

const good = (signalId: string, sourceTime: number, value: Sample['value']): Sample => ({ signalId, sourceTime, value, quality: 'good' });

/** The samples one pair of births gives (node metrics, then the press). */
function birthSamples(group: string): Sample[][] {
  const node = `${group}/Gateway`;
  return [
    [good(`${node}/Properties/Uptime`, T, 3600n), good(`${node}/Temperature`, T, 21.5)],
    [
      good(`${node}/Press1/Status/State`, T, 'Idle'),
      good('press-1/good', T, BigInt(GOOD_COUNT)),
      good(`${node}/Press1/Speed`, T, 1.5),
      good(`${node}/Press1/Running`, T, true),
      good(`${node}/Press1/LastChange`, T, T - 60_000),
      good(`${node}/Press1/Scrap`, T, -1n),
    ],
  ];
}

interface Harness {
  readonly url: string;
  /** Makes Tahu's NDATA with `value` (at `timestamp`) never reach the host: a message lost on the way. */
  loseNodeData(tahu: TahuEdgeNode, group: string, value: number, timestamp: number): void;
}

/**
 * Births with aliases, alias-only and by-name data, seq wrapping past 255, a lost message that
 * makes the host ask Tahu for a rebirth (Tahu answers), an unknown alias (another rebirth),
 * and Tahu's NDEATH on stop making every signal stale.
 */
async function interopScenario(harness: Harness): Promise<string> {
  const group = `Tahu-${randomUUID().slice(0, 8)}`;
  const sink: CollectingSink = collectingSink();
  const discovered: DiscoveredSparkplugMetric[] = [];
  let host: SparkplugHostSource | undefined;
  let tahu: TahuEdgeNode | undefined;
  try {
    host = createSparkplugHostSource({
      config: { id: 'tahu', url: harness.url, hostId: `host-${group}`, groups: [group], rebirthIntervalMs: 0, backoff: FAST },
      signals: [{ id: 'press-1/good', address: { kind: 'sparkplug', groupId: group, edgeNodeId: 'Gateway', deviceId: 'Press1', metricName: 'Production/Good' } }],
      sink,
      onMetricDiscovered: (m) => discovered.push(m),
    });
    await host.start();
    await eventually('host connected', () => host!.state === 'connected');
    const h = host;

    tahu = await startTahuEdgeNode({ url: harness.url, groupId: group, edgeNodeId: 'Gateway', clientId: `tahu-${group}`, publishDeath: true, nodeBirth, deviceBirths: { Press1: pressBirth } });
    const t = tahu;
    await eventually('births read', () => sink.writes.length === 2);
    expect(sink.writes).toEqual(birthSamples(group));
    expect(discovered.map((d) => [d.address.metricName, d.dataTypeName, d.signalIds.length, d.equipment.id])).toEqual([
      ['Node Control/Rebirth', 'Boolean', 0, `${group}.Gateway`],
      ['Properties/Uptime', 'UInt64', 1, `${group}.Gateway`],
      ['Temperature', 'Double', 1, `${group}.Gateway`],
      ['bdSeq', 'UInt64', 0, `${group}.Gateway`],
      ['Status/State', 'String', 1, `${group}.Gateway.Press1`],
      ['Production/Good', 'Int64', 1, `${group}.Gateway.Press1`],
      ['Speed', 'Float', 1, `${group}.Gateway.Press1`],
      ['Running', 'Boolean', 1, `${group}.Gateway.Press1`],
      ['LastChange', 'DateTime', 1, `${group}.Gateway.Press1`],
      ['Scrap', 'Int32', 1, `${group}.Gateway.Press1`],
    ]);
    expect(h.edgeNodes()).toMatchObject([{ groupId: group, edgeNodeId: 'Gateway', online: true, bdSeq: 0n, devices: [{ deviceId: 'Press1', online: true }] }]);

    // DDATA by alias only (one metric without its own timestamp: the payload's), NDATA by name.
    t.client.publishDeviceData('Press1', {
      timestamp: T + 1000,
      metrics: [
        { alias: 11, type: 'Int64', value: GOOD_COUNT + 5, timestamp: T + 1000 },
        { alias: 10, type: 'String', value: 'Running' },
      ],
    });
    t.client.publishNodeData({ timestamp: T + 2000, metrics: [{ name: 'Temperature', type: 'Double', value: 22.25, timestamp: T + 2000 }] });
    await eventually('data read', () => sink.writes.length === 4);
    expect(sink.writes.slice(2)).toEqual([
      [good('press-1/good', T + 1000, BigInt(GOOD_COUNT + 5)), good(`${group}/Gateway/Press1/Status/State`, T + 1000, 'Running')],
      [good(`${group}/Gateway/Temperature`, T + 2000, 22.25)],
    ]);

    // 300 NDATA by alias: Tahu's seq wraps from 255 to 0 and that is no gap.
    for (let i = 0; i < 300; i += 1) t.client.publishNodeData({ timestamp: T + 3000 + i, metrics: [{ alias: 2, type: 'Double', value: i, timestamp: T + 3000 + i }] });
    await eventually('300 data samples', () => sink.writes.length === 304, 15_000);
    expect(sink.writes.slice(4).map((w) => w[0]!.value)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(h.stats()).toMatchObject({ seqGaps: 0, rebirthRequests: 0, births: 2 });

    // A lost NDATA: the host sees the seq gap, sends Node Control/Rebirth, Tahu answers with new births.
    harness.loseNodeData(t, group, 1000, T + 10_000);
    t.client.publishNodeData({ timestamp: T + 10_001, metrics: [{ alias: 2, type: 'Double', value: 1001, timestamp: T + 10_001 }] });
    await eventually('Tahu got the rebirth request', () => t.rebirthRequests === 1);
    await eventually('new births read', () => h.stats().births === 4);
    expect(t.commands[0]!.metrics).toMatchObject([{ name: 'Node Control/Rebirth', value: true }]);
    expect(h.stats()).toMatchObject({ seqGaps: 1, rebirthRequests: 1 });
    const afterGap = sink.samples.filter((x) => x.sourceTime >= T + 10_000).map((x) => x.value);
    expect(afterGap).toEqual([1001]); // 1000 never arrived; data after the gap is still read
    expect(sink.writes.slice(-2)).toEqual(birthSamples(group));

    // An alias the birth never announced: counted, and another rebirth request.
    t.client.publishDeviceData('Press1', { timestamp: T + 20_000, metrics: [{ alias: 99, type: 'Int32', value: 7 }] });
    await eventually('second rebirth answered', () => t.rebirthRequests === 2 && h.stats().births === 6);
    expect(h.stats()).toMatchObject({ rebirthRequests: 2, payloadErrors: { unknown_metric: 1, not_protobuf: 0, wrong_type: 0, bad_seq: 0 } });

    // Tahu's stop() publishes NDEATH (its bdSeq 0, as in the birth): every signal is stale.
    const before = sink.samples.length;
    await t.stop();
    tahu = undefined;
    await eventually('stale samples', () => sink.samples.length === before + 8);
    const stale = sink.samples.slice(before);
    expect(stale.every((x) => x.quality === 'bad' && x.value === undefined && x.sourceStatus === SPARKPLUG_STALE)).toBe(true);
    expect(stale.map((x) => x.signalId).sort()).toEqual(birthSamples(group).flat().map((x) => x.signalId).sort());
    expect(h.edgeNodes()).toMatchObject([{ edgeNodeId: 'Gateway', online: false, devices: [{ deviceId: 'Press1', online: false }] }]);
    expect(h.stats()).toMatchObject({ deaths: 1, ignoredDeaths: 0 });
    return h.hostId;
  } finally {
    await tahu?.stop();
    await host?.stop();
  }
}

describe('Sparkplug interop with Eclipse Tahu sparkplug-client on aedes (MQTT 3.1.1)', () => {
  let broker: TestBroker;
  /** Groups whose next NDATA the broker does not forward to the host. */
  const lose = new Set<string>();

  beforeAll(async () => {
    broker = await startTestBroker();
    // A lossy hop between broker and host (its only subscriber of NDATA): drop one NDATA on its way out.
    broker.aedes.authorizeForward = (_client, packet) => {
      const topic = parseSparkplugTopic(packet.topic);
      if (topic?.kind === 'edge' && topic.messageType === 'NDATA' && lose.delete(topic.groupId)) return null;
      return packet;
    };
  });

  afterAll(async () => {
    await broker.close();
  });

  it('reads Tahu births and alias-only data, asks Tahu for a rebirth on a lost message and an unknown alias, and marks its signals stale on NDEATH', async () => {
    await interopScenario({
      url: broker.url,
      loseNodeData(tahu, group, value, timestamp) {
        lose.add(group);
        tahu.client.publishNodeData({ timestamp, metrics: [{ alias: 2, type: 'Double', value, timestamp }] });
      },
    });
  });

  it("marks Tahu's signals stale on its Will, and takes its next births with the same bdSeq after it reconnects", async () => {
    const group = 'Tahu-will';
    const sink = collectingSink();
    const host = createSparkplugHostSource({
      config: { id: 'tahu-will', url: broker.url, hostId: 'host-will', groups: [group], backoff: FAST },
      signals: [{ id: 'press-1/good', address: { kind: 'sparkplug', groupId: group, edgeNodeId: 'Gateway', deviceId: 'Press1', metricName: 'Production/Good' } }],
      sink,
    });
    let tahu: TahuEdgeNode | undefined;
    try {
      await host.start();
      await eventually('host connected', () => host.state === 'connected');
      tahu = await startTahuEdgeNode({ url: broker.url, groupId: group, edgeNodeId: 'Gateway', clientId: 'tahu-will', publishDeath: false, nodeBirth, deviceBirths: { Press1: pressBirth } });
      await eventually('births read', () => sink.writes.length === 2);
      const clientsById = (broker.aedes as unknown as { clients: Record<string, { conn: { destroy(): void } } | undefined> }).clients;
      clientsById['tahu-will']!.conn.destroy(); // the broker publishes Tahu's Will (NDEATH, bdSeq 0)
      await eventually('stale samples', () => sink.samples.some((x) => x.quality === 'bad'));
      await eventually('Tahu reconnected and born again', () => tahu!.births === 2 && host.stats().births === 4);
      const writes = sink.writes.map((w) => w.map((x) => x.quality));
      expect(writes[2]).toEqual(Array(8).fill('bad'));
      expect(sink.writes.slice(3)).toEqual(birthSamples(group));
      expect(host.edgeNodes()).toMatchObject([{ edgeNodeId: 'Gateway', online: true, bdSeq: 0n }]);
      expect(host.stats()).toMatchObject({ deaths: 1, seqGaps: 0, payloadErrors: { not_born: 0, unknown_metric: 0 } });
    } finally {
      await tahu?.stop();
      await host.stop();
    }
  });
});

describe.skipIf(!mosquittoUrl)('Sparkplug interop with Eclipse Tahu sparkplug-client on Mosquitto (RONGTONG_TEST_MQTT_URL)', () => {
  it('reads Tahu births and alias-only data, asks for a rebirth on a seq gap and an unknown alias, and marks its signals stale on NDEATH', async () => {
    const hostId = await interopScenario({
      url: mosquittoUrl!,
      // Mosquitto cannot drop a message: Tahu counts a seq it never sends (lost before the broker).
      loseNodeData(tahu) {
        (tahu.client as unknown as { seq: number }).seq += 1;
      },
    });
    // Leave no retained STATE behind on a shared broker.
    const cleaner = await mqtt.connectAsync(mosquittoUrl!, { protocolVersion: 4, reconnectPeriod: 0 });
    await cleaner.publishAsync(`spBv1.0/STATE/${hostId}`, '', { qos: 1, retain: true });
    await cleaner.endAsync();
  });
});
