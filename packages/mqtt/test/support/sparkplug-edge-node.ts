import mqtt from 'mqtt';
import type { MqttClient } from 'mqtt';
import {
  SPARKPLUG_DATA_TYPES,
  type SparkplugMetricInput,
  type SparkplugPayload,
  type SparkplugPayloadInput,
  decodeSparkplugPayload,
  encodeSparkplugPayload,
  sparkplugTopic,
} from '../../src/index.js';

/** Options of {@link connectEdgeNode}. */
export interface TestEdgeNodeOptions {
  readonly url: string;
  readonly groupId: string;
  readonly edgeNodeId: string;
  /** bdSeq of the first session (default 0); each reconnect adds one, as the specification says. */
  readonly bdSeq?: number;
  readonly protocolVersion?: 4 | 5;
}

/**
 * A small Sparkplug B edge node for tests, written with the package's codec: it connects with
 * its NDEATH (bdSeq) as the MQTT Will, subscribes to its NCMD topic, and publishes births and
 * data with a correct `seq` (0 at NBIRTH, +1 per message, wrapping at 255) unless told to
 * skip. It records the commands it receives (e.g. `Node Control/Rebirth`).
 */
export interface TestEdgeNode {
  readonly groupId: string;
  readonly edgeNodeId: string;
  /** bdSeq of the current session. */
  readonly bdSeq: number;
  /** The seq the next message will carry. */
  readonly nextSeq: number;
  /** NCMD payloads received, decoded. */
  readonly commands: SparkplugPayload[];
  /** Rebirth requests received (NCMD with `Node Control/Rebirth` = true). */
  readonly rebirthRequests: number;
  /** NBIRTH with seq 0, the bdSeq metric, `Node Control/Rebirth` = false, and `metrics`. */
  nbirth(metrics: SparkplugMetricInput[], timestamp?: number): Promise<void>;
  dbirth(deviceId: string, metrics: SparkplugMetricInput[], timestamp?: number): Promise<void>;
  ndata(metrics: SparkplugMetricInput[], timestamp?: number): Promise<void>;
  ddata(deviceId: string, metrics: SparkplugMetricInput[], timestamp?: number): Promise<void>;
  ddeath(deviceId: string, timestamp?: number): Promise<void>;
  /** Publishes an NDEATH with `bdSeq` (default: the current session's) as an intentional disconnect would. */
  ndeath(bdSeq?: number): Promise<void>;
  /** Publishes raw bytes on a topic of this node (for malformed messages). */
  raw(topic: string, payload: Buffer | string): Promise<void>;
  /** Lets the next `count` seq numbers go unsent (a lost message). */
  skip(count?: number): void;
  /** Closes the connection without DISCONNECT: the broker publishes the Will (NDEATH). */
  drop(): Promise<void>;
  /** Connects again (bdSeq + 1). */
  reconnect(): Promise<void>;
  /** Disconnects cleanly (no Will). */
  close(): Promise<void>;
}

const T0 = Date.parse('2025-01-01T00:00:00Z');

/** Connects a {@link TestEdgeNode}. */
export async function connectEdgeNode(options: TestEdgeNodeOptions): Promise<TestEdgeNode> {
  const { groupId, edgeNodeId } = options;
  let bdSeq = options.bdSeq ?? 0;
  let seq = 0;
  let client: MqttClient;
  let rebirthRequests = 0;
  const commands: SparkplugPayload[] = [];
  const topic = (type: 'NBIRTH' | 'NDATA' | 'NDEATH' | 'DBIRTH' | 'DDATA' | 'DDEATH', deviceId?: string) => sparkplugTopic(groupId, type, edgeNodeId, deviceId);
  const bdSeqMetric = (value: number): SparkplugMetricInput => ({ name: 'bdSeq', datatype: SPARKPLUG_DATA_TYPES.Int64, value: { kind: 'long', value: BigInt(value) } });

  async function connect(): Promise<void> {
    client = await mqtt.connectAsync(options.url, {
      protocolVersion: options.protocolVersion ?? 4,
      clientId: `edge-${groupId}-${edgeNodeId}-${bdSeq}`.slice(0, 23),
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: 5000,
      will: { topic: topic('NDEATH'), payload: Buffer.from(encodeSparkplugPayload({ timestamp: Date.now(), metrics: [bdSeqMetric(bdSeq)] })), qos: 1, retain: false },
    });
    client.on('message', (_topic, payload) => {
      const command = decodeSparkplugPayload(payload);
      commands.push(command);
      if (command.metrics.some((m) => m.name === 'Node Control/Rebirth' && m.value?.kind === 'boolean' && m.value.value)) rebirthRequests += 1;
    });
    await client.subscribeAsync(sparkplugTopic(groupId, 'NCMD', edgeNodeId), { qos: 1 });
  }

  async function publish(t: string, payload: SparkplugPayloadInput): Promise<void> {
    await client.publishAsync(t, Buffer.from(encodeSparkplugPayload(payload)), { qos: 0, retain: false });
  }

  const next = (): number => {
    const s = seq;
    seq = (seq + 1) % 256;
    return s;
  };

  await connect();
  return {
    groupId,
    edgeNodeId,
    get bdSeq() {
      return bdSeq;
    },
    get nextSeq() {
      return seq;
    },
    commands,
    get rebirthRequests() {
      return rebirthRequests;
    },
    async nbirth(metrics, timestamp = T0) {
      seq = 0;
      const control: SparkplugMetricInput = { name: 'Node Control/Rebirth', datatype: SPARKPLUG_DATA_TYPES.Boolean, value: { kind: 'boolean', value: false }, timestamp };
      await publish(topic('NBIRTH'), { timestamp, seq: next(), metrics: [{ ...bdSeqMetric(bdSeq), timestamp }, control, ...metrics] });
    },
    async dbirth(deviceId, metrics, timestamp = T0) {
      await publish(topic('DBIRTH', deviceId), { timestamp, seq: next(), metrics });
    },
    async ndata(metrics, timestamp = T0) {
      await publish(topic('NDATA'), { timestamp, seq: next(), metrics });
    },
    async ddata(deviceId, metrics, timestamp = T0) {
      await publish(topic('DDATA', deviceId), { timestamp, seq: next(), metrics });
    },
    async ddeath(deviceId, timestamp = T0) {
      await publish(topic('DDEATH', deviceId), { timestamp, seq: next(), metrics: [] });
    },
    async ndeath(value = bdSeq) {
      await publish(topic('NDEATH'), { metrics: [bdSeqMetric(value)] });
    },
    async raw(t, payload) {
      await client.publishAsync(t, payload, { qos: 0 });
    },
    skip(count = 1) {
      for (let i = 0; i < count; i += 1) next();
    },
    async drop() {
      const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
      client.stream.destroy();
      await closed;
      client.end(true);
    },
    async reconnect() {
      bdSeq = (bdSeq + 1) % 256;
      await connect();
    },
    async close() {
      await client.endAsync();
    },
  };
}
