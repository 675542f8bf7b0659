import { RongtongError } from '@rongtong/core';
import { sparkplugTopic } from '@rongtong/mqtt';
import { createSimulationClock, type SimulationClock } from '../clock/simulation-clock.js';
import type { MachineGroundTruth } from '../model/ground-truth.js';
import { createSimulation, type SimulationGroundTruth } from '../model/simulation.js';
import { jsonDeviceSnippet, mergeAgentConfigSnippets, sparkplugDeviceSnippet, type AgentConfigSnippet } from './agent-config-snippet.js';
import type { DeviceLink, DeviceLinkOptions } from './device-link.js';
import { DEVICE_SIGNALS } from './device-signals.js';
import { createDeviceTelemetry, type DeviceReading, type DeviceTelemetry, type ReadingListener, type ReadingTrigger } from './device-telemetry.js';
import { createJsonDevice, type JsonDevice, type MqttDeviceStats } from './json-device.js';
import type { JsonDeviceInfo, MqttDeviceInfo, SparkplugDeviceInfo } from './mqtt-device-info.js';
import { resolveMqttSimulatorOptions, type MqttSimulatorOptions, type ResolvedJsonDevice, type SparkplugDeviceSpec } from './mqtt-simulator-options.js';
import { createSparkplugEdgeNode, type EdgeNodeMachine, type SparkplugEdgeNode } from './sparkplug-edge-node.js';

/** A running MQTT simulator. */
export interface MqttSimulator {
  readonly brokerUrl: string;
  /** Every device: its topics, the values or metrics it publishes, the agent config that reads it. */
  readonly devices: readonly MqttDeviceInfo[];
  /** One agent config reading every device (the devices' snippets merged: one `mqtt` and one `sparkplug` source). */
  readonly agentConfig: AgentConfigSnippet;
  /** The simulated time now. */
  now(): Date;
  /**
   * The ground truth up to now (the clock is brought up to date and published first); each
   * machine's `counters` are the published `produced`, `good`, `scrap` (equal to its totals).
   */
  groundTruth(): SimulationGroundTruth;
  /** Moves the simulated clock forward by `ms` at once (whatever the speed), publishing every message on the way. */
  advance(ms: number): void;
  /** Stops the simulated clock (devices stay connected); `advance` still works. */
  pause(): void;
  /** Restarts the clock after `pause()` (not when `speed` is 0). */
  resume(): void;
  /** Resolves when every message published so far has been acknowledged (QoS 1) or written (QoS 0). */
  flush(): Promise<void>;
  /**
   * A simulated network outage of a device (for a Sparkplug device: its edge node): its socket
   * is closed without DISCONNECT, so the broker publishes its Will (NDEATH); it stays offline
   * until `reconnect(id)`. A JSON device keeps its messages meanwhile (store-and-forward).
   */
  disconnect(id: string): void;
  /** Ends an outage: the device connects again (an edge node with the next bdSeq and new births). */
  reconnect(id: string): void;
  /** Message counters per device id. */
  stats(): Readonly<Record<string, MqttDeviceStats>>;
  /** Stops the clock, publishes NDEATHs, disconnects every device; resolves to the final ground truth. */
  stop(): Promise<SimulationGroundTruth>;
}

const PUBLISHED_COUNTERS = ['produced', 'good', 'scrap'] as const;

/** A machine's ground truth with the counters an MQTT device publishes (they count from 0). */
function deviceTruth(m: MachineGroundTruth): MachineGroundTruth {
  return {
    ...m,
    counters: Object.fromEntries(PUBLISHED_COUNTERS.map((k) => [k, m.totals[k]])),
    countersAtStart: Object.fromEntries(PUBLISHED_COUNTERS.map((k) => [k, 0])),
  };
}

/**
 * Starts simulated MQTT devices, each driven by a seeded machine model (the same models and
 * ground truth as the OPC UA simulator) on a simulated clock running `speed` times real time:
 *
 * - JSON devices (4G DTUs): QoS 1 JSON telemetry on `<topicPrefix>/<line>/<id>/telemetry` at
 *   the start, at every state or mode change and every `reportIntervalMs` of simulated time,
 *   stamped with the simulated time in their format (epoch ms, epoch s, ISO 8601 with offset);
 *   kept while disconnected and sent later (store-and-forward).
 * - Sparkplug B edge nodes (group `sparkplug.groupId`): births with bdSeq and aliases, data by
 *   alias with seq 0–255, NDEATH as the MQTT Will, rebirth on `Node Control/Rebirth`.
 *
 * Resolves once every device is connected; rejects with UNAVAILABLE when one cannot connect.
 */
export async function startMqttSimulator(options: MqttSimulatorOptions): Promise<MqttSimulator> {
  const o = resolveMqttSimulatorOptions(options);
  options.signal?.throwIfAborted();
  const simulation = createSimulation({
    machines: o.devices.map((d) => ({ kind: d.machine, id: d.id, ...(d.seed === undefined ? {} : { seed: d.seed }), ...(d.params === undefined ? {} : { params: d.params }) })),
    seed: o.seed,
    startTime: o.startTime,
  });
  const telemetry = new Map<string, DeviceTelemetry>(simulation.models.map((model) => [model.id, createDeviceTelemetry(model, o.reportIntervalMs)]));
  const telemetryOf = (id: string): DeviceTelemetry => telemetry.get(id) as DeviceTelemetry;
  const linkOptions: Omit<DeviceLinkOptions, 'onConnect' | 'onDisconnect' | 'will' | 'onMessage' | 'clientIdPrefix'> = {
    brokerUrl: o.brokerUrl,
    username: o.username,
    password: o.password,
    connectTimeoutMs: o.connectTimeoutMs,
    reconnectMs: o.reconnectMs,
  };

  let clock: SimulationClock | undefined = undefined;
  const sync = (): number => {
    clock?.tick();
    return simulation.now;
  };

  // Devices by id: how to publish their readings, and their link.
  const listeners = new Map<string, ReadingListener>();
  const links = new Map<string, DeviceLink>();
  const stopFns: (() => Promise<void>)[] = [];
  const statsFns = new Map<string, () => MqttDeviceStats>();
  const infos: MqttDeviceInfo[] = [];

  const jsonDevices: JsonDevice[] = [];
  for (const d of o.devices.filter((x): x is ResolvedJsonDevice => x.kind === 'json')) {
    const topic = `${o.topicPrefix}/${d.line}/${d.id}/telemetry`;
    const device = createJsonDevice({ device: d, topic, utcOffsetMinutes: o.utcOffsetMinutes, storeAndForwardMax: o.storeAndForwardMax, link: linkOptions });
    jsonDevices.push(device);
    listeners.set(d.id, (reading, trigger) => device.publish(reading, trigger));
    links.set(d.id, device.link);
    statsFns.set(d.id, () => device.stats());
    stopFns.push(() => device.stop());
    const info: JsonDeviceInfo = {
      kind: 'json',
      id: d.id,
      machine: d.machine,
      clientId: device.link.clientId,
      topic,
      line: d.line,
      timestampFormat: d.timestampFormat,
      fields: DEVICE_SIGNALS.map((s) => ({ name: s.key, path: s.jsonPath, semantic: s.semantic, unit: s.unit })),
      agentConfig: jsonDeviceSnippet(o.brokerUrl, d, topic),
    };
    infos.push(info);
  }

  // Edge nodes: a Sparkplug device without `edgeNode` is one; devices naming the same edge node share it.
  const sparkplugSpecs = o.devices.filter((x): x is SparkplugDeviceSpec => x.kind === 'sparkplug');
  const byNode = new Map<string, SparkplugDeviceSpec[]>();
  for (const d of sparkplugSpecs) {
    const node = d.edgeNode ?? d.id;
    byNode.set(node, [...(byNode.get(node) ?? []), d]);
  }
  const edgeNodes: SparkplugEdgeNode[] = [];
  for (const [edgeNodeId, specs] of byNode) {
    // The node's own machine first (its metrics follow the rebirth alias), then the devices.
    const ordered = [...specs.filter((d) => d.edgeNode === undefined), ...specs.filter((d) => d.edgeNode !== undefined)];
    const machines = ordered.map((d): EdgeNodeMachine => ({ ...(d.edgeNode === undefined ? {} : { deviceId: d.id }), telemetry: telemetryOf(d.id) }));
    const node = createSparkplugEdgeNode({ groupId: o.groupId, edgeNodeId, machines, sync, link: linkOptions });
    edgeNodes.push(node);
    stopFns.push(() => node.stop());
    ordered.forEach((d, i) => {
      const machine = machines[i] as EdgeNodeMachine;
      const deviceId = machine.deviceId;
      listeners.set(d.id, (reading) => node.publish(machine, reading));
      links.set(d.id, node.link);
      statsFns.set(d.id, () => node.stats());
      const info: SparkplugDeviceInfo = {
        kind: 'sparkplug',
        id: d.id,
        machine: d.machine,
        clientId: node.link.clientId,
        groupId: o.groupId,
        edgeNodeId,
        ...(deviceId === undefined ? {} : { deviceId }),
        topics: {
          birth: sparkplugTopic(o.groupId, deviceId === undefined ? 'NBIRTH' : 'DBIRTH', edgeNodeId, deviceId),
          data: sparkplugTopic(o.groupId, deviceId === undefined ? 'NDATA' : 'DDATA', edgeNodeId, deviceId),
          death: sparkplugTopic(o.groupId, 'NDEATH', edgeNodeId),
          command: sparkplugTopic(o.groupId, 'NCMD', edgeNodeId),
        },
        metrics: deviceId === undefined ? node.nodeMetrics : (node.deviceMetrics.get(deviceId) ?? []),
        agentConfig: sparkplugDeviceSnippet(o.brokerUrl, d, { groupId: o.groupId, edgeNodeId, ...(deviceId === undefined ? {} : { deviceId }) }),
      };
      infos.push(info);
    });
  }
  // Devices in the order they were given.
  const order = new Map(o.devices.map((d, i) => [d.id, i]));
  infos.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));

  // The first JSON messages (the state at the start) wait for the connection.
  for (const [id, listener] of listeners) if (o.devices.find((d) => d.id === id)?.kind === 'json') listener(telemetryOf(id).reading(), 'start');

  const allLinks = [...jsonDevices.map((d) => d.link), ...edgeNodes.map((n) => n.link)];
  try {
    await Promise.all(allLinks.map((link) => link.start()));
  } catch (err) {
    await Promise.all(stopFns.map((stop) => stop().catch(() => undefined)));
    throw new RongtongError('UNAVAILABLE', `MQTT simulator: cannot connect to ${o.brokerUrl}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }

  const publishTo = (t: number): void => {
    if (t <= simulation.now) return;
    // Every device's readings up to t, then published in time order (a stable sort keeps each
    // device's order): an edge node's devices interleave as a real one would publish them.
    const readings: { readonly id: string; readonly reading: DeviceReading; readonly trigger: ReadingTrigger }[] = [];
    for (const [id, tel] of telemetry) tel.advanceTo(t, (reading, trigger) => readings.push({ id, reading, trigger }));
    simulation.advanceTo(t);
    readings.sort((a, b) => a.reading.at - b.reading.at);
    for (const { id, reading, trigger } of readings) (listeners.get(id) as ReadingListener)(reading, trigger);
  };
  const simClock = createSimulationClock({ startTime: o.startTime, speed: o.speed, tickMs: o.tickMs, onTime: publishTo });
  clock = simClock;

  const groundTruth = (): SimulationGroundTruth => {
    const truth = simulation.groundTruth();
    return { ...truth, machines: truth.machines.map(deviceTruth) };
  };
  const linkOf = (id: string): DeviceLink => {
    const link = links.get(id);
    if (link === undefined) throw new RangeError(`no simulated MQTT device "${id}"`);
    return link;
  };

  let stopped: Promise<SimulationGroundTruth> | undefined;
  const stop = (): Promise<SimulationGroundTruth> => {
    stopped ??= (async () => {
      simClock.stop();
      const truth = groundTruth();
      await Promise.all(stopFns.map((s) => s()));
      return truth;
    })();
    return stopped;
  };
  options.signal?.addEventListener('abort', () => void stop(), { once: true });

  return {
    brokerUrl: o.brokerUrl,
    devices: infos,
    agentConfig: mergeAgentConfigSnippets(infos.map((d) => d.agentConfig)),
    now: () => new Date(simulation.now),
    groundTruth: () => {
      simClock.tick();
      return groundTruth();
    },
    advance: (ms) => simClock.advance(ms),
    pause: () => simClock.pause(),
    resume: () => simClock.resume(),
    flush: async () => {
      await Promise.all(allLinks.map((link) => link.flush()));
    },
    disconnect: (id) => linkOf(id).drop(),
    reconnect: (id) => linkOf(id).reconnect(),
    stats: () => Object.fromEntries([...statsFns].map(([id, fn]) => [id, fn()])),
    stop,
  };
}
