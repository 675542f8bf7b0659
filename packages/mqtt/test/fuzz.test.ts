import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMqttJsonSource, createSparkplugHostSource, PAYLOAD_ERROR_REASONS, SPARKPLUG_PAYLOAD_ERROR_REASONS } from '../src/index.js';
import {
  BORN_DEVICE_METRICS,
  BORN_NODE_METRICS,
  MARKER_BASE,
  type SparkplugFuzzMessage,
  expectedJsonValue,
  jsonFuzzPayload,
  jsonTimestampFuzz,
  seededRng,
  sparkplugFuzzMessage,
} from './support/fuzz-payloads.js';
import { collectingSink, eventually } from './support/sinks.js';
import { connectEdgeNode } from './support/sparkplug-edge-node.js';
import { type TestBroker, startTestBroker } from './support/test-broker.js';

/**
 * Fuzzing both sources through a real aedes broker: 60,000 JSON and 40,000 Sparkplug B
 * payloads (random bytes, truncated and mutated valid ones, wrong types, huge numbers, deep
 * nesting, bad UTF-8, good and bad times, unknown aliases, bad seq and timestamps), seeded so every run sends the
 * same ones, with valid traffic on other topics interleaved. Published at QoS 0 in batches,
 * each batch waiting until the source has read it (so the broker never buffers much).
 */

const JSON_MESSAGES = 60_000;
const SPARKPLUG_MESSAGES = 40_000;
/** One clean message after every this many fuzz messages. */
const CLEAN_EVERY = 10;
const BATCH = 1000;
const FAST = { initialMs: 20, maxMs: 200, multiplier: 2, jitter: 0 };
const sum = (counts: Readonly<Record<string, number>>): number => Object.values(counts).reduce((a, b) => a + b, 0);

let broker: TestBroker;
let publisher: MqttClient;

beforeAll(async () => {
  broker = await startTestBroker();
  publisher = await mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0, clientId: 'fuzz-publisher' });
});

afterAll(async () => {
  await publisher.endAsync();
  await broker.close();
});

/** Publishes `messages` (QoS 0, in order) in batches, waiting after each until `read()` has caught up. */
async function publishPaced(messages: readonly { topic: string; payload: Buffer }[], read: () => number): Promise<void> {
  const start = read();
  for (let i = 0; i < messages.length; i += BATCH) {
    const batch = messages.slice(i, i + BATCH);
    for (const m of batch) publisher.publish(m.topic, m.payload, { qos: 0 });
    await eventually(`messages ${i}–${i + batch.length} read`, () => read() - start >= i + batch.length, 20_000);
  }
}

describe('fuzzing the MQTT sources through aedes', () => {
  it(`MQTT JSON source: ${JSON_MESSAGES.toLocaleString('en-US')} random and mutated payloads are each counted as rejected or give exactly their value; clean traffic is untouched`, async () => {
    const rng = seededRng(0x5eed_0001);
    const sink = collectingSink();
    const source = createMqttJsonSource({
      config: {
        id: 'fuzz-json',
        url: broker.url,
        backoff: FAST,
        maxQueuedSamples: 1_000_000,
        topics: [
          { topic: 'fuzz/{machine}/telemetry', fields: [{ path: '$.v', signal: 'fuzz/{machine}', type: 'number' }] },
          { topic: 'fuzzts/{machine}/telemetry', timestampPath: '$.ts', fields: [{ path: '$.v', signal: 'fuzzts/{machine}', type: 'number' }] },
          { topic: 'clean/{machine}/telemetry', timestampPath: '$.ts', fields: [{ path: '$.n', signal: 'clean/{machine}', type: 'integer', semantic: 'good_count' }] },
        ],
      },
      sink,
    });
    try {
      await source.start();
      await eventually('connected', () => source.state === 'connected');

      const messages: { topic: string; payload: Buffer }[] = [];
      const expectedFuzz = new Map<string, number[]>();
      const expectedClean = new Map<string, [number, bigint][]>();
      const kinds = new Map<string, number>();
      let valid = 0;
      let clean = 0;
      const t0 = Date.parse('2025-06-01T00:00:00Z');
      const expectedTimed = new Map<string, [number, number][]>();
      for (let i = 0; i < JSON_MESSAGES; i += 1) {
        const machine = `m${rng.int(4)}`;
        if (rng.int(10) === 0) {
          // Times: good ones in every form, and bad ones.
          const { payload, expected } = jsonTimestampFuzz(rng);
          kinds.set('timestamp', (kinds.get('timestamp') ?? 0) + 1);
          messages.push({ topic: `fuzzts/${machine}/telemetry`, payload });
          if (expected !== undefined) {
            valid += 1;
            expectedTimed.set(`fuzzts/${machine}`, [...(expectedTimed.get(`fuzzts/${machine}`) ?? []), [expected.ms, expected.v]]);
          }
        } else {
          const { kind, payload } = jsonFuzzPayload(rng);
          kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
          messages.push({ topic: `fuzz/${machine}/telemetry`, payload });
          const value = expectedJsonValue(payload);
          if (value !== undefined) {
            valid += 1;
            expectedFuzz.set(`fuzz/${machine}`, [...(expectedFuzz.get(`fuzz/${machine}`) ?? []), value]);
          }
        }
        if (i % CLEAN_EVERY === 0) {
          const c = `c${clean % 3}`;
          const ts = t0 + clean * 1000;
          // The clean device sends its time in seconds, ms or ISO 8601, in turn.
          const time = [ts / 1000, ts, new Date(ts).toISOString()][clean % 3];
          messages.push({ topic: `clean/${c}/telemetry`, payload: Buffer.from(JSON.stringify({ n: clean, ts: time })) });
          expectedClean.set(`clean/${c}`, [...(expectedClean.get(`clean/${c}`) ?? []), [ts, BigInt(clean)]]);
          clean += 1;
        }
      }
      expect([...kinds.keys()].length).toBe(11);
      await publishPaced(messages, () => source.stats().messages);

      const stats = source.stats();
      const rejected = JSON_MESSAGES - valid;
      expect(stats).toMatchObject({ messages: JSON_MESSAGES + clean, unmatchedMessages: 0, samples: valid + clean, rejectedMessages: rejected, droppedSamples: 0, connections: 1 });
      // One field per message: one error per rejected message.
      expect(sum(stats.payloadErrors)).toBe(rejected);
      expect(Object.keys(stats.payloadErrors).sort()).toEqual([...PAYLOAD_ERROR_REASONS].sort());
      expect(stats.payloadErrors.invalid_signal_id).toBe(0);
      expect(Math.min(stats.payloadErrors.not_json, stats.payloadErrors.wrong_type, stats.payloadErrors.path_not_found, stats.payloadErrors.bad_timestamp)).toBeGreaterThan(1000);
      expect(valid).toBeGreaterThan(10_000);

      const bySignal = new Map<string, unknown[]>();
      for (const s of sink.samples) bySignal.set(s.signalId, [...(bySignal.get(s.signalId) ?? []), s.signalId.startsWith('fuzz/') ? s.value : [s.sourceTime, s.value]]);
      expect(new Map([...bySignal].filter(([id]) => id.startsWith('fuzz/')))).toEqual(expectedFuzz);
      expect(new Map([...bySignal].filter(([id]) => id.startsWith('fuzzts/')))).toEqual(expectedTimed);
      expect(new Map([...bySignal].filter(([id]) => id.startsWith('clean/')))).toEqual(expectedClean);
      expect(sink.samples.every((s) => s.quality === 'good')).toBe(true);
      expect(source.state).toBe('connected');
    } finally {
      await source.stop();
    }
  });

  it(`Sparkplug host: ${SPARKPLUG_MESSAGES.toLocaleString('en-US')} random and mutated protobuf messages are counted as rejected, valid data is read exactly, a clean edge node is untouched`, async () => {
    const rng = seededRng(0x5eed_0002);
    const sink = collectingSink();
    const host = createSparkplugHostSource({ config: { id: 'fuzz-sp', url: broker.url, hostId: 'fuzz-host', groups: ['Fuzz', 'Clean'], backoff: FAST, maxQueuedSamples: 1_000_000 }, sink });
    const born = await connectEdgeNode({ url: broker.url, groupId: 'Fuzz', edgeNodeId: 'B', bdSeq: 3 });
    const cleanNode = await connectEdgeNode({ url: broker.url, groupId: 'Clean', edgeNodeId: 'C' });
    try {
      await host.start();
      await eventually('connected', () => host.state === 'connected');
      await born.nbirth([...BORN_NODE_METRICS]);
      await born.dbirth('D', [...BORN_DEVICE_METRICS]);
      await cleanNode.nbirth([{ name: 'Count', alias: 1, datatype: 8, value: { kind: 'long', value: 0n } }]);
      await eventually('births read', () => host.stats().births === 3);
      const before = host.stats();

      // Known outcomes first (each must be rejected, or accepted with its marker), then the rest.
      const known: SparkplugFuzzMessage[] = [];
      const unknown: SparkplugFuzzMessage[] = [];
      const kinds = new Set<string>();
      for (let i = 0; i < SPARKPLUG_MESSAGES; i += 1) {
        const m = sparkplugFuzzMessage(rng, 'Fuzz', i);
        kinds.add(m.kind);
        (m.outcome === 'unknown' ? unknown : known).push(m);
      }
      expect(kinds.size).toBe(11);
      const mustReject = known.filter((m) => m.outcome === 'rejected').length;
      const markers = known.flatMap((m) => (m.marker === undefined ? [] : [m.marker]));
      // The host also reads its own NCMD rebirth requests (ignored messages): not counted here.
      const read = () => host.stats().messages - host.stats().ignoredMessages;
      let cleanSent = 0;
      /** Fuzz messages through the publisher, and after every CLEAN_EVERY of them an NDATA of the clean node (its own client, correct seq). */
      const publishPhase = async (phase: readonly SparkplugFuzzMessage[]) => {
        const start = read();
        let sent = 0;
        for (let i = 0; i < phase.length; i += BATCH) {
          for (const m of phase.slice(i, i + BATCH)) {
            publisher.publish(m.topic, m.payload, { qos: 0 });
            sent += 1;
            if (sent % CLEAN_EVERY === 0) {
              cleanSent += 1;
              void cleanNode.ndata([{ alias: 1, value: { kind: 'long', value: BigInt(cleanSent) } }], Date.now());
              sent += 1;
            }
          }
          const target = sent;
          await eventually(`messages up to ${target} read`, () => read() - start >= target, 20_000);
        }
        return sent;
      };

      const sentKnown = await publishPhase(known);
      const afterKnown = host.stats();
      expect(afterKnown.messages - afterKnown.ignoredMessages - (before.messages - before.ignoredMessages)).toBe(sentKnown);
      expect(afterKnown.rejectedMessages - before.rejectedMessages).toBe(mustReject);

      const sentUnknown = await publishPhase(unknown);
      const stats = host.stats();
      expect(stats.messages - stats.ignoredMessages - (afterKnown.messages - afterKnown.ignoredMessages)).toBe(sentUnknown);
      expect(sentKnown + sentUnknown).toBe(SPARKPLUG_MESSAGES + cleanSent);
      const rejectedUnknown = stats.rejectedMessages - afterKnown.rejectedMessages;
      expect(rejectedUnknown).toBeGreaterThan(unknown.length / 2);
      expect(rejectedUnknown).toBeLessThanOrEqual(unknown.length);
      expect(sum(stats.payloadErrors)).toBeGreaterThanOrEqual(stats.rejectedMessages);
      expect(Object.keys(stats.payloadErrors).sort()).toEqual([...SPARKPLUG_PAYLOAD_ERROR_REASONS].sort());
      for (const reason of ['bad_topic', 'not_protobuf', 'bad_seq', 'not_born', 'unknown_metric', 'wrong_type', 'bad_timestamp'] as const) {
        expect(stats.payloadErrors[reason], reason).toBeGreaterThan(500);
      }

      // Every valid data message of the born node gave its marker, in order; nothing else did.
      const markerSamples = sink.samples.filter((s) => typeof s.value === 'number' && s.value >= MARKER_BASE && s.value < MARKER_BASE + SPARKPLUG_MESSAGES && Number.isInteger(s.value));
      expect(markerSamples.map((s) => s.value)).toEqual(markers);
      expect(markerSamples.every((s) => s.quality === 'good' && (s.signalId === 'Fuzz/B/Temp' || s.signalId === 'Fuzz/B/D/Speed'))).toBe(true);
      expect(markers.length).toBeGreaterThan(5000);
      // The never-born edge node gave nothing, and stays unknown.
      expect(sink.samples.some((s) => s.signalId.startsWith('Fuzz/U'))).toBe(false);
      expect(host.edgeNodes().map((n) => `${n.groupId}/${n.edgeNodeId}:${n.online}`).sort()).toEqual(['Clean/C:true', 'Fuzz/B:true']);

      // The clean edge node: every value exactly once, in order, no gap.
      const cleanSamples = sink.samples.filter((s) => s.signalId === 'Clean/C/Count');
      expect(cleanSamples.map((s) => s.value)).toEqual([0n, ...Array.from({ length: cleanSent }, (_, k) => BigInt(k + 1))]);
      expect(stats).toMatchObject({ droppedSamples: 0, connections: 1, deaths: 0 });
      expect(host.state).toBe('connected');
    } finally {
      await host.stop();
      await born.close();
      await cleanNode.close();
    }
  });
});
