import type { CounterBehavior, HierarchyNode, SignalSemantic, SignalSource, SignalStateMapping } from '@rongtong/core';
import { sparkplugIdPart, type MqttJsonSourceConfigInput, type SparkplugHostConfigInput } from '@rongtong/mqtt';
import type { MachineKind } from '../model/machine-kind.js';
import { MACHINE_BEHAVIOURS } from '../model/machine-model.js';
import { DEVICE_SIGNALS } from './device-signals.js';

/** A `sources[]` entry of the agent's config. */
export type AgentSourceSnippet = (MqttJsonSourceConfigInput & { readonly kind: 'mqtt' }) | (SparkplugHostConfigInput & { readonly kind: 'sparkplug' });

/** An `equipment[]` entry of the agent's config. */
export interface AgentEquipmentSnippet {
  readonly id: string;
  readonly name: string;
  readonly path: readonly HierarchyNode[];
}

/** A `signals[]` entry of the agent's config. */
export interface AgentSignalSnippet {
  readonly id: string;
  readonly equipment: string;
  readonly source: string;
  readonly semantic: SignalSemantic;
  readonly unit?: string;
  /** For counters: they only count up (from 0 at the simulated start). */
  readonly counter?: CounterBehavior;
  /** For the state and mode: raw value → ISO 22400 bucket, the ground truth's mapping. */
  readonly stateMappings?: readonly SignalStateMapping[];
  /** Exact address (Sparkplug metrics); absent for JSON devices, whose topic template names the signals. */
  readonly address?: SignalSource;
}

/**
 * The part of a `rongtong-agent` config that reads simulated devices: the source, the
 * equipment and the signals (with semantics, units, counter behaviour and the state mapping the
 * ground truth uses). Written as the agent's YAML/JSON would be; the sources are also valid
 * `createMqttJsonSource` / `createSparkplugHostSource` configs.
 */
export interface AgentConfigSnippet {
  readonly sources: readonly AgentSourceSnippet[];
  readonly equipment: readonly AgentEquipmentSnippet[];
  readonly signals: readonly AgentSignalSnippet[];
}

/** Source id of the simulated JSON devices in the snippets. */
export const SIM_MQTT_SOURCE_ID = 'sim-mqtt';
/** Source id of the simulated Sparkplug edge nodes in the snippets. */
export const SIM_SPARKPLUG_SOURCE_ID = 'sim-sparkplug';
/** Host id of the Sparkplug source in the snippets. */
export const SIM_SPARKPLUG_HOST_ID = 'rongtong-agent';

/** Mode overrides of the CNC machine (`MACHINERY_STATE_MAPPING` refines Executing by mode). */
const MODE_MAPPINGS: Readonly<Record<MachineKind, readonly SignalStateMapping[]>> = {
  cnc: [
    { rawState: 'Setup', bucket: 'aust' },
    { rawState: 'Maintenance', bucket: 'pdot' },
  ],
  packml: [],
  legacy: [],
};

function deviceSignals(id: string, machine: MachineKind, source: string, address?: (metric: string) => SignalSource): AgentSignalSnippet[] {
  const states = MACHINE_BEHAVIOURS[machine].stateMapping.states;
  return DEVICE_SIGNALS.map((s) => ({
    id: `${id}/${s.key}`,
    equipment: id,
    source,
    semantic: s.semantic,
    ...(s.unit === '' ? {} : { unit: s.unit }),
    ...(s.datatype === 'UInt64' ? { counter: { monotonic: true } as const } : {}),
    ...(s.key === 'state' ? { stateMappings: Object.entries(states).map(([rawState, bucket]) => ({ rawState, bucket })) } : {}),
    ...(s.key === 'mode' && MODE_MAPPINGS[machine].length > 0 ? { stateMappings: MODE_MAPPINGS[machine] } : {}),
    ...(address === undefined ? {} : { address: address(s.metric) }),
  }));
}

/** The snippet reading one JSON device on `topic`. */
export function jsonDeviceSnippet(brokerUrl: string, device: { id: string; machine: MachineKind; line: string }, topic: string): AgentConfigSnippet {
  return {
    sources: [
      {
        id: SIM_MQTT_SOURCE_ID,
        kind: 'mqtt',
        url: brokerUrl,
        topics: [
          {
            topic,
            equipment: device.id,
            timestampPath: '$.ts',
            fields: DEVICE_SIGNALS.map((s) => ({
              path: s.jsonPath,
              signal: `${device.id}/${s.key}`,
              semantic: s.semantic,
              ...(s.datatype === 'Double' ? { type: 'number' as const } : {}),
            })),
          },
        ],
      },
    ],
    equipment: [{ id: device.id, name: `${device.id} (simulated ${device.machine}, JSON over MQTT)`, path: [{ level: 'line', id: device.line, name: device.line }] }],
    signals: deviceSignals(device.id, device.machine, SIM_MQTT_SOURCE_ID),
  };
}

/** The snippet reading one machine of a Sparkplug edge node (`deviceId` absent: the node's own metrics). */
export function sparkplugDeviceSnippet(
  brokerUrl: string,
  device: { id: string; machine: MachineKind },
  ids: { groupId: string; edgeNodeId: string; deviceId?: string },
): AgentConfigSnippet {
  const group = sparkplugIdPart(ids.groupId);
  const path: HierarchyNode[] = [{ level: 'line', id: group, name: ids.groupId }];
  if (ids.deviceId !== undefined) path.push({ level: 'cell', id: `${group}.${sparkplugIdPart(ids.edgeNodeId)}`, name: ids.edgeNodeId });
  return {
    sources: [{ id: SIM_SPARKPLUG_SOURCE_ID, kind: 'sparkplug', url: brokerUrl, hostId: SIM_SPARKPLUG_HOST_ID, groups: [ids.groupId], unboundMetrics: 'ignore' }],
    equipment: [{ id: device.id, name: `${device.id} (simulated ${device.machine}, Sparkplug B)`, path }],
    signals: deviceSignals(device.id, device.machine, SIM_SPARKPLUG_SOURCE_ID, (metricName) => ({
      kind: 'sparkplug',
      groupId: ids.groupId,
      edgeNodeId: ids.edgeNodeId,
      ...(ids.deviceId === undefined ? {} : { deviceId: ids.deviceId }),
      metricName,
    })),
  };
}

/**
 * Merges snippets into one config: sources with the same id become one (their topic templates
 * and groups joined), equipment and signals are concatenated (equipment ids once, path nodes
 * merged by the agent).
 */
export function mergeAgentConfigSnippets(snippets: readonly AgentConfigSnippet[]): AgentConfigSnippet {
  const sources = new Map<string, AgentSourceSnippet>();
  for (const source of snippets.flatMap((s) => s.sources)) {
    const known = sources.get(source.id);
    if (known === undefined) sources.set(source.id, source);
    else if (known.kind === 'mqtt' && source.kind === 'mqtt') sources.set(source.id, { ...known, topics: [...(known.topics ?? []), ...(source.topics ?? [])] });
    else if (known.kind === 'sparkplug' && source.kind === 'sparkplug') {
      sources.set(source.id, { ...known, groups: [...new Set([...(known.groups ?? []), ...(source.groups ?? [])])] });
    }
  }
  const equipment = new Map<string, AgentEquipmentSnippet>();
  for (const e of snippets.flatMap((s) => s.equipment)) if (!equipment.has(e.id)) equipment.set(e.id, e);
  return { sources: [...sources.values()], equipment: [...equipment.values()], signals: snippets.flatMap((s) => s.signals) };
}
