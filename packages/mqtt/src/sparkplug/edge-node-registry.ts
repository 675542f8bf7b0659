import type { DataQuality, Sample, SparkplugAddress } from '@rongtong/core';
import { type SparkplugDataTypeName, sparkplugDataTypeName } from './sparkplug-data-type.js';
import type { SparkplugPayloadError } from './sparkplug-error.js';
import { type SparkplugEquipment, type SparkplugHierarchyMapping, sparkplugEquipment } from './sparkplug-hierarchy.js';
import type { SparkplugMetric, SparkplugPayload, SparkplugPropertySet } from './sparkplug-payload.js';
import type { SparkplugSignalResolver } from './sparkplug-signals.js';
import type { SparkplugMessageType } from './sparkplug-topic.js';
import { sparkplugSampleValue } from './sparkplug-value.js';
import { type SequenceObservation, type SequenceTracker, createSequenceTracker } from './sequence-tracker.js';

/** The Sparkplug quality code a host gives metrics it marks stale (§6.4.8 Quality Codes: 500 = STALE). */
export const SPARKPLUG_STALE = 500;

/** A metric a birth certificate announced for the first time (for the agent to learn it and its equipment). */
export interface DiscoveredSparkplugMetric {
  /** The signal ids its samples carry: bound exactly, or from the id template; empty: no samples. */
  readonly signalIds: readonly string[];
  /** Whether the ids come from exact `signals[]` addresses. */
  readonly bound: boolean;
  /** The metric's address (core `SparkplugAddress`), as a `signals[].address` would name it. */
  readonly address: SparkplugAddress;
  /** The datatype code of the birth (absent when the birth had none). */
  readonly datatype?: number;
  /** The datatype's name, when the code is one of the specification's. */
  readonly dataTypeName?: SparkplugDataTypeName;
  /** The piece of equipment it belongs to, by the hierarchy mapping. */
  readonly equipment: SparkplugEquipment;
}

/** A device of an edge node, as the host knows it. */
export interface SparkplugDeviceStatus {
  readonly deviceId: string;
  /** Born (DBIRTH) in the current session of its edge node and not dead since. */
  readonly online: boolean;
  /** Metrics its last DBIRTH announced. */
  readonly metrics: number;
}

/** An edge node as the host knows it. */
export interface SparkplugEdgeNodeStatus {
  readonly groupId: string;
  readonly edgeNodeId: string;
  /** Born (NBIRTH) and not dead since (NDEATH with its bdSeq, or the host lost the broker). */
  readonly online: boolean;
  /** bdSeq of its last NBIRTH. */
  readonly bdSeq?: bigint;
  /** When its last NBIRTH / death arrived (receive time, ms since the epoch). */
  readonly birthTime?: number;
  readonly deathTime?: number;
  /** Metrics its last NBIRTH announced. */
  readonly metrics: number;
  readonly devices: readonly SparkplugDeviceStatus[];
}

/** What one edge node message gave. */
export interface EdgeNodeMessageResult {
  /** What the message was to the registry. */
  readonly event: 'node_birth' | 'device_birth' | 'node_death' | 'device_death' | 'ignored_death' | 'data' | 'command' | 'rejected';
  /** Samples, in source-time order (stable). */
  readonly samples: Sample[];
  /** Of which stale (death) samples. */
  readonly staleSamples: number;
  readonly errors: SparkplugPayloadError[];
  /** Why the edge node should be asked for a rebirth (absent: no need). */
  readonly rebirth?: string;
  /** How the message's seq fitted, when it had one and the node was born. */
  readonly sequence?: SequenceObservation;
  /** The seq expected and received, for a gap's log line. */
  readonly sequenceDetail?: string;
  readonly discovered: DiscoveredSparkplugMetric[];
}

/** Options of {@link createEdgeNodeRegistry}. */
export interface EdgeNodeRegistryOptions {
  readonly signals: SparkplugSignalResolver;
  readonly hierarchy: SparkplugHierarchyMapping;
  /** Remember seq numbers skipped by a gap until they arrive (the host has a reorder window). */
  readonly reorder: boolean;
  /** Most metric addresses remembered for discovery (default 100,000). */
  readonly maxDiscovered?: number;
}

/**
 * The host application's picture of the Sparkplug infrastructure (Sparkplug 3.0 §5): per edge
 * node its bdSeq, its seq, and the metrics (names, aliases, datatypes, signal ids) of its
 * NBIRTH and of each device's DBIRTH; it turns decoded messages into samples. Pure: no I/O, no
 * timers — the host sends the rebirth requests and runs the reorder timers.
 */
export interface EdgeNodeRegistry {
  /** Handles one decoded message of an edge node or device; never throws. */
  handle(group: string, messageType: SparkplugMessageType, edgeNodeId: string, deviceId: string | undefined, payload: SparkplugPayload, receivedAt: number): EdgeNodeMessageResult;
  /** The host lost the broker: every online edge node and device goes offline; returns their stale samples at `at`. */
  sessionLost(at: number): Sample[];
  /** Skipped seq numbers of an edge node still missing (reorder window). */
  missingSeqs(groupId: string, edgeNodeId: string): number;
  /** Gives up on an edge node's missing seq numbers. */
  clearMissingSeqs(groupId: string, edgeNodeId: string): void;
  /** Edge nodes seen, online or not. */
  nodes(): SparkplugEdgeNodeStatus[];
}

interface MetricInfo {
  readonly name: string;
  readonly datatype: number | undefined;
  readonly signalIds: readonly string[];
}

interface MetricTable {
  readonly byName: Map<string, MetricInfo>;
  readonly byAlias: Map<bigint, MetricInfo>;
}

interface DeviceState {
  online: boolean;
  metrics: MetricTable;
}

interface NodeState {
  readonly groupId: string;
  readonly edgeNodeId: string;
  online: boolean;
  bdSeq: bigint | undefined;
  readonly seq: SequenceTracker;
  metrics: MetricTable;
  readonly devices: Map<string, DeviceState>;
  birthTime: number | undefined;
  deathTime: number | undefined;
}

interface Draft {
  event: EdgeNodeMessageResult['event'];
  samples: Sample[];
  staleSamples: number;
  errors: SparkplugPayloadError[];
  rebirth?: string;
  sequence?: SequenceObservation;
  sequenceDetail?: string;
  discovered: DiscoveredSparkplugMetric[];
}

const emptyTable = (): MetricTable => ({ byName: new Map(), byAlias: new Map() });
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A property set's `Quality` (§6.4.8: 0 BAD, 192 GOOD, 500 STALE) as a sample quality and status. */
function qualityOf(properties: SparkplugPropertySet | undefined): { quality: DataQuality; status?: number } {
  const i = properties?.keys.indexOf('Quality') ?? -1;
  const v = i >= 0 ? properties?.values[i]?.value : undefined;
  if (v === undefined || (v.kind !== 'int' && v.kind !== 'long')) return { quality: 'good' };
  const code = Number(v.value);
  return { quality: code === 192 ? 'good' : code === 0 ? 'bad' : 'uncertain', status: code };
}

/** The integer value of a metric (bdSeq), if it has one. */
function integerOf(metric: SparkplugMetric | undefined): bigint | undefined {
  const v = metric?.value;
  return v?.kind === 'long' ? v.value : v?.kind === 'int' ? BigInt(v.value) : undefined;
}

const metricLabel = (m: SparkplugMetric): string => m.name ?? (m.alias === undefined ? '(no name or alias)' : `alias ${m.alias}`);

/** Makes an {@link EdgeNodeRegistry}. */
export function createEdgeNodeRegistry(options: EdgeNodeRegistryOptions): EdgeNodeRegistry {
  const nodes = new Map<string, NodeState>();
  const discoveredKeys = new Set<string>();
  const maxDiscovered = options.maxDiscovered ?? 100_000;
  const nodeKey = (groupId: string, edgeNodeId: string) => `${groupId}/${edgeNodeId}`;

  function nodeOf(groupId: string, edgeNodeId: string): NodeState {
    const key = nodeKey(groupId, edgeNodeId);
    let node = nodes.get(key);
    if (!node) {
      node = {
        groupId,
        edgeNodeId,
        online: false,
        bdSeq: undefined,
        seq: createSequenceTracker(options.reorder),
        metrics: emptyTable(),
        devices: new Map(),
        birthTime: undefined,
        deathTime: undefined,
      };
      nodes.set(key, node);
    }
    return node;
  }

  /** The message's seq, or undefined with a `bad_seq` error. */
  function seqOf(payload: SparkplugPayload, out: Draft): number | undefined {
    if (payload.seq !== undefined && payload.seq <= 255n) return Number(payload.seq);
    out.errors.push({ reason: 'bad_seq', detail: payload.seq === undefined ? 'the message has no seq' : `seq ${payload.seq} is above 255` });
    return undefined;
  }

  function checkSeq(node: NodeState, payload: SparkplugPayload, out: Draft): void {
    const seq = seqOf(payload, out);
    if (seq === undefined) return;
    out.sequence = node.seq.observe(seq);
    if (out.sequence === 'gap') out.sequenceDetail = `seq ${seq} after a gap`;
  }

  /** A sample time: the metric's, else the payload's, else the receive time; undefined (with an error) when not representable. */
  function timeOf(metric: SparkplugMetric | undefined, payload: SparkplugPayload, receivedAt: number, out: Draft): number | undefined {
    const ts = metric?.timestamp ?? payload.timestamp;
    if (ts === undefined) return receivedAt;
    if (ts <= MAX_SAFE) return Number(ts);
    out.errors.push({ reason: 'bad_timestamp', detail: `timestamp ${ts} is beyond the representable ms since the epoch`, ...(metric ? { metric: metricLabel(metric) } : {}) });
    return undefined;
  }

  function emit(info: MetricInfo, metric: SparkplugMetric, payload: SparkplugPayload, receivedAt: number, out: Draft): void {
    if (info.signalIds.length === 0) return;
    const sourceTime = timeOf(metric, payload, receivedAt, out);
    if (sourceTime === undefined) return;
    const { quality, status } = qualityOf(metric.properties);
    const withStatus = status === undefined ? {} : { sourceStatus: status };
    let value: Sample['value'];
    let sampleQuality = quality;
    if (metric.isNull === true) {
      value = undefined;
      sampleQuality = 'bad';
    } else if (metric.value === undefined) {
      out.errors.push({ reason: 'wrong_type', metric: info.name, detail: 'the metric has neither a value nor is_null' });
      return;
    } else if (info.datatype === undefined) {
      out.errors.push({ reason: 'bad_metric', metric: info.name, detail: 'its birth gave no datatype' });
      return;
    } else {
      const converted = sparkplugSampleValue(info.datatype, metric.value);
      if (!converted.ok) {
        out.errors.push({ reason: converted.reason, metric: info.name, detail: converted.detail });
        return;
      }
      value = converted.value;
    }
    for (const signalId of info.signalIds) out.samples.push({ signalId, sourceTime, value, quality: sampleQuality, ...withStatus });
  }

  /** Builds the metric table of a birth and emits its values. */
  function birth(groupId: string, edgeNodeId: string, deviceId: string | undefined, payload: SparkplugPayload, receivedAt: number, out: Draft): MetricTable {
    const table = emptyTable();
    const equipment = sparkplugEquipment({ groupId, edgeNodeId, deviceId }, options.hierarchy);
    for (const metric of payload.metrics) {
      if (metric.name === undefined || metric.name === '') {
        out.errors.push({ reason: 'bad_metric', metric: metricLabel(metric), detail: 'a birth metric without a name' });
        continue;
      }
      if (table.byName.has(metric.name)) {
        out.errors.push({ reason: 'bad_metric', metric: metric.name, detail: 'the birth announces this name twice (the first is used)' });
        continue;
      }
      if (metric.datatype === undefined) out.errors.push({ reason: 'bad_metric', metric: metric.name, detail: 'a birth metric without a datatype' });
      const path = { groupId, edgeNodeId, deviceId, metricName: metric.name };
      const resolved = options.signals.resolve(path);
      if (resolved.error) out.errors.push(resolved.error);
      const info: MetricInfo = { name: metric.name, datatype: metric.datatype, signalIds: resolved.signalIds };
      table.byName.set(metric.name, info);
      if (metric.alias !== undefined) {
        if (table.byAlias.has(metric.alias)) out.errors.push({ reason: 'bad_metric', metric: metric.name, detail: `alias ${metric.alias} is announced twice (the first is used)` });
        else table.byAlias.set(metric.alias, info);
      }
      const key = JSON.stringify([groupId, edgeNodeId, deviceId ?? null, metric.name]);
      if (!discoveredKeys.has(key) && discoveredKeys.size < maxDiscovered) {
        discoveredKeys.add(key);
        const dataTypeName = metric.datatype === undefined ? undefined : sparkplugDataTypeName(metric.datatype);
        out.discovered.push({
          signalIds: resolved.signalIds,
          bound: resolved.bound,
          address: { kind: 'sparkplug', groupId, edgeNodeId, ...(deviceId === undefined ? {} : { deviceId }), metricName: metric.name },
          ...(metric.datatype === undefined ? {} : { datatype: metric.datatype }),
          ...(dataTypeName === undefined ? {} : { dataTypeName }),
          equipment,
        });
      }
      emit(info, metric, payload, receivedAt, out);
    }
    return table;
  }

  function data(table: MetricTable, payload: SparkplugPayload, receivedAt: number, out: Draft): void {
    for (const metric of payload.metrics) {
      let info: MetricInfo | undefined;
      if (metric.alias !== undefined) info = table.byAlias.get(metric.alias);
      else if (metric.name !== undefined) info = table.byName.get(metric.name);
      else {
        out.errors.push({ reason: 'bad_metric', metric: metricLabel(metric), detail: 'a data metric with neither alias nor name' });
        continue;
      }
      if (!info) {
        out.errors.push({ reason: 'unknown_metric', metric: metricLabel(metric), detail: 'not announced by the birth certificate' });
        out.rebirth ??= `unknown metric ${metricLabel(metric)}`;
        continue;
      }
      emit(info, metric, payload, receivedAt, out);
    }
  }

  function stale(table: MetricTable, at: number, out: { samples: Sample[]; staleSamples: number }, seen: Set<string>): void {
    for (const info of table.byName.values()) {
      for (const signalId of info.signalIds) {
        if (seen.has(signalId)) continue;
        seen.add(signalId);
        out.samples.push({ signalId, sourceTime: at, value: undefined, quality: 'bad', sourceStatus: SPARKPLUG_STALE });
        out.staleSamples += 1;
      }
    }
  }

  /** Takes a node (and its devices) offline; its signals get stale samples at `at`. */
  function nodeOffline(node: NodeState, at: number, out: { samples: Sample[]; staleSamples: number }): void {
    const seen = new Set<string>();
    stale(node.metrics, at, out, seen);
    for (const device of node.devices.values()) {
      if (device.online) stale(device.metrics, at, out, seen);
      device.online = false;
    }
    node.online = false;
    node.deathTime = at;
  }

  function notBorn(what: string, out: Draft): Draft {
    out.event = 'rejected';
    out.errors.push({ reason: 'not_born', detail: `${what} without a birth certificate in this session` });
    out.rebirth ??= `${what} before its birth`;
    return out;
  }

  function handle(groupId: string, messageType: SparkplugMessageType, edgeNodeId: string, deviceId: string | undefined, payload: SparkplugPayload, receivedAt: number): Draft {
    const out: Draft = { event: 'data', samples: [], staleSamples: 0, errors: [], discovered: [] };
    if (messageType === 'NCMD' || messageType === 'DCMD') {
      out.event = 'command';
      return out;
    }
    if (messageType === 'NBIRTH') {
      const node = nodeOf(groupId, edgeNodeId);
      out.event = 'node_birth';
      const seq = seqOf(payload, out);
      node.seq.start(seq);
      // A new session: devices of the previous one stay stale until their DBIRTH (§4.2.1).
      for (const device of node.devices.values()) device.online = false;
      node.bdSeq = integerOf(payload.metrics.find((m) => m.name === 'bdSeq'));
      node.metrics = birth(groupId, edgeNodeId, undefined, payload, receivedAt, out);
      node.online = true;
      node.birthTime = receivedAt;
      return out;
    }
    // Only births add edge nodes: messages of unknown ones leave no state behind.
    const node = nodes.get(nodeKey(groupId, edgeNodeId));
    if (messageType === 'NDEATH') {
      const bdSeq = integerOf(payload.metrics.find((m) => m.name === 'bdSeq'));
      // A death whose bdSeq is not the birth's is the Will of an older session: ignored (§5.8).
      if (!node?.online || (bdSeq !== undefined && node.bdSeq !== undefined && bdSeq !== node.bdSeq)) {
        out.event = 'ignored_death';
        return out;
      }
      out.event = 'node_death';
      nodeOffline(node, receivedAt, out);
      return out;
    }
    const what = deviceId === undefined ? `${messageType} of edge node ${groupId}/${edgeNodeId}` : `${messageType} of device ${groupId}/${edgeNodeId}/${deviceId}`;
    if (!node?.online) return notBorn(what, out);
    checkSeq(node, payload, out);
    if (messageType === 'NDATA') {
      data(node.metrics, payload, receivedAt, out);
      return out;
    }
    const id = deviceId!;
    const device = node.devices.get(id);
    if (messageType === 'DBIRTH') {
      out.event = 'device_birth';
      node.devices.set(id, { online: true, metrics: birth(groupId, edgeNodeId, id, payload, receivedAt, out) });
      return out;
    }
    if (messageType === 'DDEATH') {
      if (!device?.online) {
        out.event = 'ignored_death';
        return out;
      }
      out.event = 'device_death';
      // The edge node publishes DDEATH itself: its timestamp is when the device went away (§5.12).
      const at = timeOf(undefined, payload, receivedAt, out) ?? receivedAt;
      device.online = false;
      stale(device.metrics, at, out, new Set());
      return out;
    }
    // DDATA
    if (!device?.online) return notBorn(what, out);
    data(device.metrics, payload, receivedAt, out);
    return out;
  }

  return {
    handle(groupId, messageType, edgeNodeId, deviceId, payload, receivedAt) {
      const out = handle(groupId, messageType, edgeNodeId, deviceId, payload, receivedAt);
      // Stable: equal times keep metric order (Array.prototype.sort is stable).
      if (out.samples.length > 1) out.samples.sort((a, b) => a.sourceTime - b.sourceTime);
      return out;
    },
    sessionLost(at) {
      const out = { samples: [] as Sample[], staleSamples: 0 };
      for (const node of nodes.values()) if (node.online) nodeOffline(node, at, out);
      return out.samples;
    },
    missingSeqs(groupId, edgeNodeId) {
      return nodes.get(nodeKey(groupId, edgeNodeId))?.seq.missing ?? 0;
    },
    clearMissingSeqs(groupId, edgeNodeId) {
      nodes.get(nodeKey(groupId, edgeNodeId))?.seq.clearMissing();
    },
    nodes() {
      return [...nodes.values()].map((node) => ({
        groupId: node.groupId,
        edgeNodeId: node.edgeNodeId,
        online: node.online,
        ...(node.bdSeq === undefined ? {} : { bdSeq: node.bdSeq }),
        ...(node.birthTime === undefined ? {} : { birthTime: node.birthTime }),
        ...(node.deathTime === undefined ? {} : { deathTime: node.deathTime }),
        metrics: node.metrics.byName.size,
        devices: [...node.devices].map(([deviceId, device]) => ({ deviceId, online: device.online, metrics: device.metrics.byName.size })),
      }));
    },
  };
}
