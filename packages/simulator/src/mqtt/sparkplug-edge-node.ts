import {
  SPARKPLUG_DATA_TYPES,
  decodeSparkplugPayload,
  encodeSparkplugPayload,
  sparkplugTopic,
  type SparkplugMetric,
  type SparkplugMetricInput,
  type SparkplugPayloadInput,
  type SparkplugValue,
} from '@rongtong/mqtt';
import { createDeviceLink, type DeviceLink, type DeviceLinkOptions, type DeviceWill } from './device-link.js';
import { DEVICE_SIGNALS, type DeviceSignal } from './device-signals.js';
import type { DeviceReading, DeviceTelemetry } from './device-telemetry.js';
import type { MqttDeviceStats } from './json-device.js';

/** The metric a host sets to true in an NCMD to ask an edge node for new births. */
export const NODE_CONTROL_REBIRTH = 'Node Control/Rebirth';
/** The alias of `Node Control/Rebirth`; machine metrics follow from 2. */
export const REBIRTH_ALIAS = 1;

/** A metric a simulated edge node announces in its births. */
export interface SparkplugMetricInfo {
  readonly name: string;
  readonly alias: number;
  /** Sparkplug data type name, e.g. `UInt64`. */
  readonly datatype: DeviceSignal['datatype'] | 'Boolean';
}

/** One machine of an edge node: the node's own metrics (`deviceId` absent) or a Sparkplug device. */
export interface EdgeNodeMachine {
  readonly deviceId?: string;
  readonly telemetry: DeviceTelemetry;
}

/** Options of {@link createSparkplugEdgeNode}. */
export interface SparkplugEdgeNodeOptions {
  readonly groupId: string;
  readonly edgeNodeId: string;
  /** In alias order: the node's own machine (if any) first, then its devices. */
  readonly machines: readonly EdgeNodeMachine[];
  /** Brings the simulation up to date and returns its time (births carry it). */
  readonly sync: () => number;
  readonly link: Omit<DeviceLinkOptions, 'onConnect' | 'onDisconnect' | 'will' | 'onMessage' | 'clientIdPrefix'>;
}

/**
 * A simulated Sparkplug B 3.0 edge node: NDEATH with `bdSeq` as the MQTT Will of each
 * connection (bdSeq 0, 1, … per CONNECT, wrapping at 256), then the NCMD subscription, NBIRTH
 * (seq 0: `bdSeq` Int64, `Node Control/Rebirth` Boolean, the node machine's metrics with names,
 * aliases and data types) and a DBIRTH per device; then NDATA / DDATA by alias with the metrics
 * that changed, `seq` + 1 per message wrapping 255 → 0. An NCMD `Node Control/Rebirth` = true is
 * answered with a new NBIRTH and DBIRTHs (same bdSeq). `stop()` publishes NDEATH, then DISCONNECT.
 * Timestamps are simulated time. Births and data are QoS 0, NDEATH QoS 1, nothing retained.
 */
export interface SparkplugEdgeNode {
  readonly groupId: string;
  readonly edgeNodeId: string;
  readonly link: DeviceLink;
  /** bdSeq of the current (or last) connection. */
  readonly bdSeq: number;
  /**
   * The NBIRTH metrics with an alias: `Node Control/Rebirth`, then the node machine's (if any).
   * `bdSeq` (Int64) is in every NBIRTH and NDEATH too, without an alias.
   */
  readonly nodeMetrics: readonly SparkplugMetricInfo[];
  /** The DBIRTH metrics of each device, by device id. */
  readonly deviceMetrics: ReadonlyMap<string, readonly SparkplugMetricInfo[]>;
  /** Publishes what changed in `reading` of `machine` (nothing before the birth of the connection). */
  publish(machine: EdgeNodeMachine, reading: DeviceReading): void;
  /** Births answered to rebirth requests. */
  readonly rebirths: number;
  stats(): MqttDeviceStats;
  stop(): Promise<void>;
}

type MetricValue = string | number;

function wireValue(datatype: DeviceSignal['datatype'], value: MetricValue): SparkplugValue {
  switch (datatype) {
    case 'String':
      return { kind: 'string', value: String(value) };
    case 'UInt64':
      return { kind: 'long', value: BigInt(value) };
    case 'Double':
      return { kind: 'double', value: Number(value) };
  }
}

const bdSeqMetric = (bdSeq: number, timestamp?: number): SparkplugMetricInput => ({
  name: 'bdSeq',
  datatype: SPARKPLUG_DATA_TYPES.Int64,
  value: { kind: 'long', value: BigInt(bdSeq) },
  ...(timestamp === undefined ? {} : { timestamp }),
});

/** Makes a {@link SparkplugEdgeNode}; its link connects at `link.start()`. */
export function createSparkplugEdgeNode(options: SparkplugEdgeNodeOptions): SparkplugEdgeNode {
  const { groupId, edgeNodeId } = options;
  const topic = (type: 'NBIRTH' | 'NDATA' | 'NDEATH' | 'NCMD' | 'DBIRTH' | 'DDATA', deviceId?: string): string => sparkplugTopic(groupId, type, edgeNodeId, deviceId);

  // Aliases: 1 for the rebirth command, then each machine's metrics in order.
  let alias = REBIRTH_ALIAS + 1;
  const metricsOf = new Map<EdgeNodeMachine, { signal: DeviceSignal; alias: number }[]>();
  for (const machine of options.machines) metricsOf.set(machine, DEVICE_SIGNALS.map((signal) => ({ signal, alias: alias++ })));
  const infos = (machine: EdgeNodeMachine | undefined): SparkplugMetricInfo[] =>
    (machine === undefined ? [] : (metricsOf.get(machine) ?? [])).map(({ signal, alias: a }) => ({ name: signal.metric, alias: a, datatype: signal.datatype }));
  const nodeMachine = options.machines.find((m) => m.deviceId === undefined);
  const devices = options.machines.filter((m) => m.deviceId !== undefined);

  let bdSeq = -1;
  let seq = 0;
  let born = false;
  let rebirths = 0;
  let published = 0;
  let dropped = 0;
  let connections = 0;
  /** Values last published per machine, by alias (report by exception). */
  const lastValues = new Map<EdgeNodeMachine, Map<number, MetricValue>>();

  const nextSeq = (): number => {
    const s = seq;
    seq = (seq + 1) % 256;
    return s;
  };

  const send = (t: string, payload: SparkplugPayloadInput): void => {
    if (link.publish({ topic: t, payload: Buffer.from(encodeSparkplugPayload(payload)), qos: 0 })) published++;
    else dropped++;
  };

  const birthMetrics = (machine: EdgeNodeMachine, at: number): SparkplugMetricInput[] => {
    const reading = machine.telemetry.reading();
    const values = new Map<number, MetricValue>();
    lastValues.set(machine, values);
    return (metricsOf.get(machine) ?? []).map(({ signal, alias: a }) => {
      const value = reading[signal.key];
      values.set(a, value);
      return { name: signal.metric, alias: a, datatype: SPARKPLUG_DATA_TYPES[signal.datatype], timestamp: at, value: wireValue(signal.datatype, value) };
    });
  };

  const birth = (): void => {
    born = false;
    const at = options.sync();
    seq = 0;
    const rebirth: SparkplugMetricInput = {
      name: NODE_CONTROL_REBIRTH,
      alias: REBIRTH_ALIAS,
      datatype: SPARKPLUG_DATA_TYPES.Boolean,
      timestamp: at,
      value: { kind: 'boolean', value: false },
    };
    send(topic('NBIRTH'), {
      timestamp: at,
      seq: nextSeq(),
      metrics: [bdSeqMetric(bdSeq, at), rebirth, ...(nodeMachine === undefined ? [] : birthMetrics(nodeMachine, at))],
    });
    for (const device of devices) send(topic('DBIRTH', device.deviceId), { timestamp: at, seq: nextSeq(), metrics: birthMetrics(device, at) });
    born = true;
  };

  const onCommand = (payload: Buffer): void => {
    let metrics: readonly SparkplugMetric[];
    try {
      metrics = decodeSparkplugPayload(payload).metrics;
    } catch {
      return; // not a Sparkplug payload: ignored
    }
    const rebirthAsked = metrics.some((m) => (m.name === NODE_CONTROL_REBIRTH || m.alias === BigInt(REBIRTH_ALIAS)) && m.value?.kind === 'boolean' && m.value.value);
    if (rebirthAsked && born) {
      rebirths++;
      birth();
    }
  };

  const will = (): DeviceWill => {
    bdSeq = (bdSeq + 1) % 256;
    born = false;
    return { topic: topic('NDEATH'), payload: Buffer.from(encodeSparkplugPayload({ timestamp: options.sync(), metrics: [bdSeqMetric(bdSeq)] })), qos: 1, retain: false };
  };

  const link = createDeviceLink({
    ...options.link,
    clientIdPrefix: `rtsim-${groupId}-${edgeNodeId}`,
    will,
    onConnect(client) {
      connections++;
      born = false;
      // NCMD first, then the births: a rebirth request right after the birth is not missed.
      client.subscribe(topic('NCMD'), { qos: 1 }, (err) => {
        if (err === undefined || err === null) {
          if (link.state === 'connected') birth();
        }
      });
    },
    onDisconnect() {
      born = false;
    },
    onMessage(t, payload) {
      if (t === topic('NCMD')) onCommand(payload);
    },
  });

  return {
    groupId,
    edgeNodeId,
    link,
    get bdSeq() {
      return bdSeq;
    },
    nodeMetrics: [{ name: NODE_CONTROL_REBIRTH, alias: REBIRTH_ALIAS, datatype: 'Boolean' }, ...infos(nodeMachine)],
    deviceMetrics: new Map(devices.map((d) => [d.deviceId as string, infos(d)])),
    get rebirths() {
      return rebirths;
    },
    publish(machine, reading) {
      if (!born) return; // the next birth carries the current values
      const values = lastValues.get(machine);
      if (values === undefined) return;
      const metrics: SparkplugMetricInput[] = [];
      for (const { signal, alias: a } of metricsOf.get(machine) ?? []) {
        const value = reading[signal.key];
        if (values.get(a) === value) continue;
        values.set(a, value);
        metrics.push({ alias: a, timestamp: reading.at, value: wireValue(signal.datatype, value) });
      }
      if (metrics.length === 0) return;
      const t = machine.deviceId === undefined ? topic('NDATA') : topic('DDATA', machine.deviceId);
      send(t, { timestamp: reading.at, seq: nextSeq(), metrics });
    },
    stats: () => ({ connection: link.state, published, buffered: 0, dropped, connections }),
    stop: () =>
      link.stop(async (client) => {
        // An edge node going offline on purpose publishes its death certificate before DISCONNECT.
        await client.publishAsync(topic('NDEATH'), Buffer.from(encodeSparkplugPayload({ timestamp: options.sync(), metrics: [bdSeqMetric(bdSeq)] })), { qos: 1 });
      }),
  };
}
