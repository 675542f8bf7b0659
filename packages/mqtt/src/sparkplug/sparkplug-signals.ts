import { type FieldViolation, RongtongError, type SignalSemantic, type SignalSource, SignalIdSchema, SparkplugAddressSchema } from '@rongtong/core';
import type { SparkplugPayloadError } from './sparkplug-error.js';
import { type SparkplugMetricPath, fillSignalIdTemplate } from './sparkplug-ids.js';

/**
 * A signal the agent reads from a Sparkplug host by exact address: its id and its core
 * `SignalSource` address of kind `sparkplug` (`groupId`, `edgeNodeId`, `deviceId?`,
 * `metricName` as announced in the birth certificate). The agent's `signals[]` entries have
 * this shape. The semantic is accepted for symmetry with the MQTT JSON source and not needed:
 * Sparkplug metrics carry their data type.
 */
export interface SparkplugSignalBinding {
  /** Signal id. */
  readonly id: string;
  /** Where the value is: must be a `sparkplug` address. */
  readonly address?: SignalSource;
  /** What the signal means (not used to read the value). */
  readonly semantic?: SignalSemantic;
}

/** The signal ids of one metric. */
export interface ResolvedSparkplugSignals {
  /** Bound ids, or the template id; empty when the metric gives no samples. */
  readonly signalIds: readonly string[];
  /** Whether the ids come from exact `signals[]` addresses. */
  readonly bound: boolean;
  /** Why the template id was not used (a collision). */
  readonly error?: SparkplugPayloadError;
}

/** Options of {@link createSparkplugSignalResolver}. */
export interface SparkplugSignalResolverOptions {
  readonly signals: readonly SparkplugSignalBinding[];
  /** The subscribed groups (empty: all), to reject bindings of groups the host never receives. */
  readonly groups: readonly string[];
  readonly template: string;
  readonly unboundMetrics: 'template' | 'ignore';
  readonly controlMetrics: boolean;
}

/** Gives metrics their signal ids: exact bindings first, then the id template. */
export interface SparkplugSignalResolver {
  resolve(path: SparkplugMetricPath): ResolvedSparkplugSignals;
}

/** Most template ids remembered for collision checks; beyond, the memory is reset (logged by the host as a collision-free restart). */
const MAX_OWNERS = 1_000_000;

const keyOf = (p: SparkplugMetricPath): string => JSON.stringify([p.groupId, p.edgeNodeId, p.deviceId ?? null, p.metricName]);

/** bdSeq and the Node Control / Device Control folders: session plumbing, not machine data. */
export const isSparkplugControlMetric = (name: string): boolean => name === 'bdSeq' || name.startsWith('Node Control/') || name.startsWith('Device Control/');

/**
 * Compiles the exact bindings; throws an `INVALID_CONFIG` RongtongError naming each bad one
 * (`signals.<index>.id`, `signals.<index>.address…`): an address that is not `sparkplug`, or a
 * group the host does not subscribe to.
 */
export function createSparkplugSignalResolver(options: SparkplugSignalResolverOptions): SparkplugSignalResolver {
  const violations: FieldViolation[] = [];
  const bound = new Map<string, string[]>();
  /** Template id → the metric it belongs to (bound ids are reserved up front). */
  let owners = new Map<string, string>();
  const reserved = new Set<string>();
  options.signals.forEach((signal, i) => {
    const at = (field: string) => `signals.${i}${field}`;
    if (!SignalIdSchema.safeParse(signal.id).success) violations.push({ path: at('.id'), reason: `"${signal.id}" must be 1 to 128 characters from [A-Za-z0-9._:/-]` });
    const parsed = SparkplugAddressSchema.safeParse(signal.address);
    if (!parsed.success) {
      const reason =
        signal.address === undefined
          ? `signal "${signal.id}" needs a sparkplug address { kind: sparkplug, groupId, edgeNodeId, deviceId?, metricName }`
          : signal.address.kind !== 'sparkplug'
            ? `signal "${signal.id}" has an address of kind ${signal.address.kind}; a sparkplug source reads sparkplug addresses`
            : `signal "${signal.id}": ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'address'}: ${issue.message}`).join('; ')}`;
      violations.push({ path: at('.address'), reason });
      return;
    }
    const address = parsed.data;
    if (options.groups.length > 0 && !options.groups.includes(address.groupId)) {
      violations.push({ path: at('.address.groupId'), reason: `signal "${signal.id}": group "${address.groupId}" is not subscribed (groups: ${options.groups.join(', ')})` });
      return;
    }
    const key = keyOf(address);
    bound.set(key, [...(bound.get(key) ?? []), signal.id]);
    reserved.add(signal.id);
  });
  if (violations.length > 0) {
    const summary = violations.map((v) => `${v.path}: ${v.reason}`).join('; ');
    throw new RongtongError('INVALID_CONFIG', `invalid sparkplug signal addresses: ${summary}`, { fieldViolations: violations });
  }

  return {
    resolve(path) {
      const key = keyOf(path);
      const ids = bound.get(key);
      if (ids) return { signalIds: ids, bound: true };
      if (options.unboundMetrics === 'ignore' || (!options.controlMetrics && isSparkplugControlMetric(path.metricName))) return { signalIds: [], bound: false };
      const id = fillSignalIdTemplate(options.template, path);
      const owner = owners.get(id);
      if (reserved.has(id) || (owner !== undefined && owner !== key)) {
        return {
          signalIds: [],
          bound: false,
          error: { reason: 'signal_id_collision', metric: path.metricName, detail: `signal id "${id}" already belongs to another metric; bind this one by an exact signals[] address` },
        };
      }
      if (owner === undefined) {
        if (owners.size >= MAX_OWNERS) owners = new Map();
        owners.set(id, key);
      }
      return { signalIds: [id], bound: false };
    },
  };
}
