import { RongtongError, type FieldViolation } from '@rongtong/core';
import { resolveClockOptions, SIMULATED_ID, type ClockOptions } from '../clock/clock-options.js';
import { isMachineKind, MACHINE_KINDS, type MachineKind } from '../model/machine-kind.js';
import { parseUtcOffset } from '@rongtong/mqtt';
import { PAYLOAD_TIME_FORMATS, type PayloadTimeFormat } from './payload-time-format.js';

/** How a simulated device talks: JSON on a topic of its own (a 4G DTU), or Sparkplug B. */
export type MqttDeviceKind = 'json' | 'sparkplug';

/** Every MQTT device kind. */
export const MQTT_DEVICE_KINDS: readonly MqttDeviceKind[] = Object.freeze(['json', 'sparkplug'] as const);

interface DeviceSpecBase {
  /**
   * Unique id among all devices: letters, digits, `_` and `-`, starting with a letter. The
   * machine id of the model and the ground truth; a topic level (JSON) or the edge node or device
   * id (Sparkplug).
   */
  readonly id: string;
  /** The machine model driving the device. */
  readonly machine: MachineKind;
  /** Seed of this device's machine (default: the simulator's `seed`); the id is mixed in. */
  readonly seed?: string | number;
  /** Parameter overrides of the machine kind (see `DEFAULT_CNC_PROFILE` and friends). */
  readonly params?: Readonly<Record<string, number | readonly [number, number]>>;
}

/** A device publishing JSON telemetry, like a 4G DTU in front of a PLC. */
export interface JsonDeviceSpec extends DeviceSpecBase {
  readonly kind: 'json';
  /** The line topic level: `<topicPrefix>/<line>/<id>/telemetry` (default `line1`). */
  readonly line?: string;
  /**
   * How the payload's `ts` is written (default: by position among the JSON devices, in turn
   * `epoch-ms`, `epoch-s`, `iso8601`).
   */
  readonly timestampFormat?: PayloadTimeFormat;
}

/** A machine behind a Sparkplug B edge node. */
export interface SparkplugDeviceSpec extends DeviceSpecBase {
  readonly kind: 'sparkplug';
  /**
   * Absent (default): the device is an edge node of its own (`id`), the machine's metrics are
   * the node's (NBIRTH / NDATA). Given: the machine is Sparkplug device `id` of this edge node
   * (DBIRTH / DDATA); devices naming the same edge node share its MQTT connection and `seq`.
   */
  readonly edgeNode?: string;
}

/** One simulated MQTT device. */
export type MqttDeviceSpec = JsonDeviceSpec | SparkplugDeviceSpec;

/** Options of `startMqttSimulator` (with `speed`, `seed`, `startTime`, `tickMs` of {@link ClockOptions}). */
export interface MqttSimulatorOptions extends ClockOptions {
  /** The broker, e.g. `mqtt://127.0.0.1:1883` (`mqtt:`, `mqtts:`, `ws:`, `wss:`). */
  readonly brokerUrl: string;
  readonly devices: readonly MqttDeviceSpec[];
  /** First topic level(s) of the JSON devices' topics (default `factory`). */
  readonly topicPrefix?: string;
  /**
   * Simulated ms between two periodic reports of a device (default 60,000): JSON devices publish
   * their telemetry, edge nodes the metrics that changed. State changes are published at once.
   */
  readonly reportIntervalMs?: number;
  /** UTC offset of `iso8601` payload times (default `+08:00`). */
  readonly utcOffset?: string;
  /**
   * DTU store-and-forward: while a JSON device is disconnected its messages wait (up to
   * `maxMessages`, oldest dropped first) and are published in order, with their original
   * timestamps, after it reconnects. Default `true` (10,000 messages); `false` drops them.
   */
  readonly storeAndForward?: boolean | { readonly maxMessages: number };
  readonly sparkplug?: {
    /** Sparkplug group id of the edge nodes (default `Plant1`). */
    readonly groupId?: string;
  };
  /** Broker login (every device uses it). */
  readonly username?: string;
  readonly password?: string;
  /** Time allowed for each device's first connection at start, ms (default 10,000). */
  readonly connectTimeoutMs?: number;
  /** Delay before a device reconnects after losing the broker, real ms (default 1,000). */
  readonly reconnectMs?: number;
  /** Aborting it stops the simulator. */
  readonly signal?: AbortSignal;
}

/** A JSON device with its defaults applied. */
export interface ResolvedJsonDevice extends JsonDeviceSpec {
  readonly line: string;
  readonly timestampFormat: PayloadTimeFormat;
}

/** `MqttSimulatorOptions` with defaults applied and values checked. */
export interface ResolvedMqttSimulatorOptions {
  readonly brokerUrl: string;
  readonly devices: readonly (ResolvedJsonDevice | SparkplugDeviceSpec)[];
  readonly topicPrefix: string;
  readonly reportIntervalMs: number;
  readonly utcOffsetMinutes: number;
  /** Most messages a disconnected JSON device keeps (0: none). */
  readonly storeAndForwardMax: number;
  readonly groupId: string;
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly connectTimeoutMs: number;
  readonly reconnectMs: number;
  readonly speed: number;
  readonly seed: string | number;
  readonly startTime: number;
  readonly tickMs: number;
}

const URL_SCHEMES = new Set(['mqtt:', 'mqtts:', 'ws:', 'wss:']);
const SPARKPLUG_GROUP = /^[^/+#]+$/;
const DEFAULT_STORE_AND_FORWARD = 10_000;

function urlProblem(text: unknown): string | undefined {
  if (typeof text !== 'string') return 'must be a broker URL such as mqtt://127.0.0.1:1883';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be a broker URL such as mqtt://127.0.0.1:1883';
  }
  if (!URL_SCHEMES.has(url.protocol)) return `scheme must be mqtt, mqtts, ws or wss, not ${url.protocol.slice(0, -1)}`;
  if (url.hostname === '') return 'must name a host';
  return undefined;
}

const topicLevelsOk = (text: string): boolean => text.split('/').every((level) => level !== '' && !/[+#]/.test(level) && !level.includes('\u0000')) && !text.startsWith('$');

function positiveInt(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/**
 * Applies the defaults and checks the options; throws INVALID_ARGUMENT naming every bad field
 * (e.g. `devices.1.machine`).
 */
export function resolveMqttSimulatorOptions(options: MqttSimulatorOptions): ResolvedMqttSimulatorOptions {
  const violations: FieldViolation[] = [];
  const bad = (path: string, reason: string): void => {
    violations.push({ path, reason });
  };
  const problem = urlProblem(options.brokerUrl);
  if (problem !== undefined) bad('brokerUrl', problem);

  const specs: readonly MqttDeviceSpec[] = Array.isArray(options.devices) ? options.devices : [];
  if (specs.length === 0) bad('devices', 'must list at least one device');
  const ids = new Set<string>();
  let jsonIndex = 0;
  const devices = specs.map((d, i): ResolvedJsonDevice | SparkplugDeviceSpec => {
    const at = `devices.${i}`;
    if (typeof d.id !== 'string' || !SIMULATED_ID.test(d.id)) bad(`${at}.id`, 'must be 1–64 letters, digits, _ or -, starting with a letter');
    else if (ids.has(d.id)) bad(`${at}.id`, `duplicate id "${d.id}"`);
    else ids.add(d.id);
    if (!isMachineKind(d.machine)) bad(`${at}.machine`, `must be one of ${MACHINE_KINDS.join(', ')}`);
    if (d.kind === 'json') {
      const line = d.line ?? 'line1';
      if (typeof line !== 'string' || !SIMULATED_ID.test(line)) bad(`${at}.line`, 'must be 1–64 letters, digits, _ or -, starting with a letter');
      const timestampFormat: PayloadTimeFormat = d.timestampFormat ?? PAYLOAD_TIME_FORMATS[jsonIndex % PAYLOAD_TIME_FORMATS.length] ?? 'epoch-ms';
      if (!PAYLOAD_TIME_FORMATS.includes(timestampFormat)) bad(`${at}.timestampFormat`, `must be one of ${PAYLOAD_TIME_FORMATS.join(', ')}`);
      jsonIndex++;
      return { ...d, line, timestampFormat };
    }
    if (d.kind === 'sparkplug') {
      if (d.edgeNode !== undefined && (typeof d.edgeNode !== 'string' || !SIMULATED_ID.test(d.edgeNode))) {
        bad(`${at}.edgeNode`, 'must be 1–64 letters, digits, _ or -, starting with a letter');
      }
      return d;
    }
    bad(`${at}.kind`, `must be one of ${MQTT_DEVICE_KINDS.join(', ')}`);
    return d;
  });

  const topicPrefix = options.topicPrefix ?? 'factory';
  if (typeof topicPrefix !== 'string' || !topicLevelsOk(topicPrefix)) bad('topicPrefix', 'must be topic levels without +, # or empty levels, not starting with $');
  const reportIntervalMs = options.reportIntervalMs ?? 60_000;
  if (!positiveInt(reportIntervalMs, 1, 86_400_000)) bad('reportIntervalMs', 'must be whole ms from 1 to 86400000');
  const utcOffsetMinutes = parseUtcOffset(options.utcOffset ?? '+08:00');
  if (utcOffsetMinutes === undefined) bad('utcOffset', 'must be an offset such as +08:00, -05:00 or Z');
  const saf = options.storeAndForward ?? true;
  let storeAndForwardMax = 0;
  if (saf === true) storeAndForwardMax = DEFAULT_STORE_AND_FORWARD;
  else if (typeof saf === 'object' && saf !== null) {
    if (positiveInt(saf.maxMessages, 0, 10_000_000)) storeAndForwardMax = saf.maxMessages;
    else bad('storeAndForward.maxMessages', 'must be a whole number from 0 to 10000000');
  } else if (saf !== false) bad('storeAndForward', 'must be true, false or { maxMessages }');
  const groupId = options.sparkplug?.groupId ?? 'Plant1';
  if (typeof groupId !== 'string' || !SPARKPLUG_GROUP.test(groupId) || groupId === 'STATE') {
    bad('sparkplug.groupId', 'must be a Sparkplug id: not empty, no /, + or #, and not STATE');
  }
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  if (!positiveInt(connectTimeoutMs, 1, 600_000)) bad('connectTimeoutMs', 'must be whole ms from 1 to 600000');
  const reconnectMs = options.reconnectMs ?? 1000;
  if (!positiveInt(reconnectMs, 1, 600_000)) bad('reconnectMs', 'must be whole ms from 1 to 600000');
  const { speed, seed, startTime, tickMs } = resolveClockOptions(options, violations);
  if (violations.length > 0) {
    throw new RongtongError('INVALID_ARGUMENT', `invalid MQTT simulator options: ${violations.map((v) => `${v.path}: ${v.reason}`).join('; ')}`, {
      fieldViolations: violations,
    });
  }
  return {
    brokerUrl: options.brokerUrl,
    devices,
    topicPrefix,
    reportIntervalMs,
    utcOffsetMinutes: utcOffsetMinutes ?? 480,
    storeAndForwardMax,
    groupId,
    username: options.username,
    password: options.password,
    connectTimeoutMs,
    reconnectMs,
    speed,
    seed,
    startTime,
    tickMs,
  };
}
