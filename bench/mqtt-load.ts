/**
 * The load side of the MQTT benchmark: an aedes broker in this process (or an external one),
 * publishers of JSON telemetry (like 4G DTUs) and of Sparkplug B edge nodes, all on loopback
 * at QoS 1 with a bounded window of unacknowledged messages per connection, and a reader of
 * the samples an agent's SQLite outbox holds.
 */
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { Aedes } from 'aedes';
import Database from 'better-sqlite3';
import mqtt, { type MqttClient } from 'mqtt';
import { SPARKPLUG_DATA_TYPES as DT, encodeSparkplugPayload, sparkplugTopic, type SparkplugMetricInput } from '@rongtong/mqtt';

/** Unacknowledged QoS 1 messages per publishing connection. */
const WINDOW = 200;

/**
 * End-to-end flow control shared by the publishers of a case: at most `window` messages
 * published and not yet read by the agent (`consumed()`, from its outbox). MQTT cannot slow a
 * publisher down to the subscriber's pace, and a broker drops what overflows a subscriber's
 * queue (Mosquitto: `max_queued_messages` 1000); real devices publish at their own pace anyway.
 */
export interface PublishGate {
  readonly window: number;
  consumed(): number;
  sent: number;
}

/** A broker for one case: aedes in this process, or an external url (left running). */
export interface BenchBroker {
  readonly url: string;
  readonly name: string;
  close(): Promise<void>;
}

/** aedes 1.x (MQTT 3.1.1) on 127.0.0.1, port 0. */
export async function startAedes(): Promise<BenchBroker> {
  const aedes = await Aedes.createBroker();
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    aedes.handle(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`,
    name: 'aedes 1.2 (in the bench process)',
    async close() {
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Publishes `count` messages from `next(i)` at QoS 1, at most {@link WINDOW} unacknowledged, within the gate. */
async function publishWindowed(client: MqttClient, gate: PublishGate, count: number, next: (i: number) => { topic: string; payload: Buffer | string }): Promise<void> {
  let sent = 0;
  let acked = 0;
  let waiting = false;
  await new Promise<void>((resolve, reject) => {
    const pump = () => {
      while (sent < count && sent - acked < WINDOW) {
        if (gate.sent - gate.consumed() >= gate.window) {
          if (!waiting) {
            waiting = true;
            setTimeout(() => {
              waiting = false;
              pump();
            }, 5);
          }
          return;
        }
        const { topic, payload } = next(sent);
        sent += 1;
        gate.sent += 1;
        client.publish(topic, payload, { qos: 1 }, (err) => {
          if (err) return reject(err);
          acked += 1;
          if (acked === count) resolve();
          else pump();
        });
      }
    };
    pump();
  });
}

const connect = (url: string, clientId: string) => mqtt.connectAsync(url, { protocolVersion: 4, clientId, clean: true, reconnectPeriod: 0, connectTimeout: 10_000 });

/** The JSON load: `machines` DTUs, each message four fields (state, good count, temperature, spindle speed). */
export interface JsonLoad {
  readonly machines: number;
  readonly messages: number;
  readonly publishers: number;
}

/** Machine ids of the JSON load. */
export const dtuIds = (machines: number) => Array.from({ length: machines }, (_, i) => `dtu${String(i + 1).padStart(3, '0')}`);

/** Publishes the JSON load: `messages` in all, each publisher for its own machines, round-robin. */
export async function publishJson(url: string, load: JsonLoad, t0: number, prefix: string, gate: PublishGate): Promise<void> {
  const ids = dtuIds(load.machines);
  const per = load.messages / load.publishers;
  const clients = await Promise.all(Array.from({ length: load.publishers }, (_, p) => connect(url, `bj-${prefix.slice(-6)}-${p}`)));
  try {
    await Promise.all(
      clients.map((client, p) => {
        const own = ids.filter((_, m) => m % load.publishers === p);
        return publishWindowed(client, gate, per, (i) => {
          const machine = own[i % own.length]!;
          const k = Math.floor(i / own.length);
          const body = { ts: t0 + k * 100, state: k % 50 === 0 ? 'Idle' : 'Executing', good: k, temp: 40 + (k % 100) / 10, spindle: { rpm: 1200 + (k % 7) } };
          return { topic: `${prefix}/line1/${machine}/telemetry`, payload: JSON.stringify(body) };
        });
      }),
    );
  } finally {
    await Promise.all(clients.map((c) => c.endAsync()));
  }
}

/** The Sparkplug load: `nodes` edge nodes with `devices` devices each, DDATA of four metrics by alias. */
export interface SparkplugLoad {
  readonly group: string;
  readonly nodes: number;
  readonly devices: number;
  readonly messages: number;
}

/** The metrics of every device: name, alias offset, datatype. */
export const DEVICE_METRICS = [
  { name: 'Status/State', datatype: DT.String },
  { name: 'Production/Good', datatype: DT.UInt64 },
  { name: 'Temperature', datatype: DT.Double },
  { name: 'Spindle/Speed', datatype: DT.Float },
] as const;

const nodeId = (n: number) => `edge${n + 1}`;
const deviceId = (d: number) => `press${d + 1}`;

/** Every (edge node, device, metric) of the load. */
export function sparkplugMetricPaths(load: SparkplugLoad): { edgeNodeId: string; deviceId: string; metricName: string }[] {
  return Array.from({ length: load.nodes }, (_, n) =>
    Array.from({ length: load.devices }, (_, d) => DEVICE_METRICS.map((m) => ({ edgeNodeId: nodeId(n), deviceId: deviceId(d), metricName: m.name }))).flat(),
  ).flat();
}

function metricValues(k: number, t: number, alias: (m: number) => number, withNames: boolean): SparkplugMetricInput[] {
  const values = [
    { kind: 'string', value: k % 50 === 0 ? 'Idle' : 'Execute' },
    { kind: 'long', value: BigInt(k) },
    { kind: 'double', value: 40 + (k % 100) / 10 },
    { kind: 'float', value: 1200 + (k % 7) },
  ] as const;
  return DEVICE_METRICS.map((m, i) => ({ ...(withNames ? { name: m.name, datatype: m.datatype } : {}), alias: alias(i), timestamp: t, value: values[i]! }));
}

/**
 * Publishes the Sparkplug load: each edge node on its own connection (NDEATH as Will)
 * publishes NBIRTH and its DBIRTHs, then its share of DDATA round-robin over its devices,
 * with a correct seq. Births are not counted in `messages`; their samples (four per device)
 * are in the outbox too.
 */
export async function publishSparkplug(url: string, load: SparkplugLoad, t0: number, gate: PublishGate): Promise<void> {
  const per = load.messages / load.nodes;
  const death = Buffer.from(encodeSparkplugPayload({ metrics: [{ name: 'bdSeq', datatype: DT.Int64, value: { kind: 'long', value: 0n } }] }));
  const clients = await Promise.all(
    Array.from({ length: load.nodes }, (_, n) =>
      mqtt.connectAsync(url, { protocolVersion: 4, clientId: `bs-${load.group.slice(-6)}-${nodeId(n)}`, clean: true, reconnectPeriod: 0, will: { topic: sparkplugTopic(load.group, 'NDEATH', nodeId(n)), payload: death, qos: 1, retain: false } }),
    ),
  );
  try {
    await Promise.all(
      clients.map(async (client, n) => {
        let seq = 0;
        const next = () => {
          const s = seq;
          seq = (seq + 1) % 256;
          return s;
        };
        const alias = (d: number) => (m: number) => 10 + d * DEVICE_METRICS.length + m;
        await client.publishAsync(
          sparkplugTopic(load.group, 'NBIRTH', nodeId(n)),
          Buffer.from(encodeSparkplugPayload({ timestamp: t0, seq: next(), metrics: [{ name: 'bdSeq', datatype: DT.Int64, value: { kind: 'long', value: 0n } }] })),
          { qos: 1 },
        );
        for (let d = 0; d < load.devices; d += 1) {
          await client.publishAsync(sparkplugTopic(load.group, 'DBIRTH', nodeId(n), deviceId(d)), Buffer.from(encodeSparkplugPayload({ timestamp: t0, seq: next(), metrics: metricValues(0, t0, alias(d), true) })), {
            qos: 1,
          });
        }
        await publishWindowed(client, gate, per, (i) => {
          const d = i % load.devices;
          const k = Math.floor(i / load.devices) + 1;
          const t = t0 + k * 100;
          return { topic: sparkplugTopic(load.group, 'DDATA', nodeId(n), deviceId(d)), payload: Buffer.from(encodeSparkplugPayload({ timestamp: t, seq: next(), metrics: metricValues(k, t, alias(d), false) })) };
        });
      }),
    );
  } finally {
    await Promise.all(clients.map((c) => c.endAsync()));
  }
}

/** Samples in an agent's outbox (pending and sealed), read while the agent writes (WAL). */
export function outboxSampleCounter(path: string): { samples(): number; close(): void } {
  let db: Database.Database | undefined;
  return {
    samples() {
      try {
        db ??= new Database(path, { readonly: true, fileMustExist: true });
        const row = db.prepare('SELECT COALESCE(SUM(samples), 0) AS n FROM pending').get() as { n: number };
        return row.n;
      } catch {
        return 0; // not created yet
      }
    },
    close() {
      db?.close();
    },
  };
}
