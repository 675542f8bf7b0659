import { type CounterBehavior, LocalIdSchema, RongtongError, type SignalSemantic, type SignalStateMapping } from '@rongtong/core';
import type { OpcuaSecurityMode, OpcuaSecurityPolicy } from '../security-settings.js';
import { equipmentIdOf } from './complete-discovery.js';
import type { DiscoveredMachine, DiscoveredSignal, DiscoveryResult, UnrecognisedObject } from './discovery-result.js';
import { PACKML_STATE_MAPPINGS } from './recognize-machines.js';
import { type YamlPath, type YamlValue, flowYaml, toYaml } from './yaml-text.js';

/** Options of {@link discoveryToAgentConfig}. */
export interface DiscoveryConfigOptions {
  /** Id of the `opcua` source entry (the agent's `sources[].id`), e.g. `workshop-opcua`. */
  readonly sourceId: string;
  /** Endpoint of the source; default: the one discovery used. */
  readonly endpointUrl?: string;
  /** Security of the source; default: what discovery used. */
  readonly securityMode?: OpcuaSecurityMode;
  readonly securityPolicy?: OpcuaSecurityPolicy;
  /** With a name, a whole agent config (`agent.name`, uplinks as comments); without, the three lists to paste into one. */
  readonly agentName?: string;
}

/** The `sources[]` entry: the connection fields only; `user` and `pkiDir` take the agent's defaults until filled in. */
export interface DiscoveredSourceEntry {
  readonly id: string;
  readonly kind: 'opcua';
  readonly endpointUrl: string;
  readonly securityMode: OpcuaSecurityMode;
  readonly securityPolicy: OpcuaSecurityPolicy;
}

/** An `equipment[]` entry. */
export interface DiscoveredEquipmentEntry {
  readonly id: string;
  readonly name: string;
  readonly class: string;
  readonly manufacturer?: string;
  readonly model?: string;
  readonly serialNumber?: string;
  readonly idealUnitTimes?: readonly { readonly idealUnitTime: number }[];
}

/** A `signals[]` entry. */
export interface DiscoveredSignalEntry {
  readonly id: string;
  readonly equipment: string;
  readonly source: string;
  readonly semantic: SignalSemantic;
  /** Only when not "" (the default). */
  readonly unit?: string;
  readonly counter?: CounterBehavior;
  readonly stateMappings?: readonly SignalStateMapping[];
  readonly address: {
    readonly kind: 'opcua';
    readonly nodeId: string;
    /** With `field`: the element and field of a structure array the value is (PackML counters: `0`, `AccCount`). */
    readonly indexRange?: string;
    readonly field?: string;
    readonly typeDefinitionId?: string;
    readonly browsePath?: string;
  };
}

/** The agent config discovery proposes, as data (the same as the YAML, without its comments). */
export interface DiscoveredAgentConfig {
  readonly agent?: { readonly name: string };
  readonly sources: readonly DiscoveredSourceEntry[];
  readonly equipment: readonly DiscoveredEquipmentEntry[];
  readonly signals: readonly DiscoveredSignalEntry[];
}

/** Unrecognised objects written (commented) in the YAML; the result lists them all. */
const MAX_UNRECOGNISED = 20;
/** Variables written per unrecognised object, guessed and not guessed. */
const MAX_LISTED_VARIABLES = 40;

const KIND_LABEL: Readonly<Record<DiscoveredMachine['kind'], string>> = {
  'machine-tool': 'OPC 40501-1 Machine Tools',
  machinery: 'OPC 40001-1 Machinery',
  packml: 'OPC 30050 PackML',
};

function signalEntry(signal: DiscoveredSignal, equipment: string, source: string): DiscoveredSignalEntry {
  return {
    id: signal.id,
    equipment,
    source,
    semantic: signal.semantic,
    ...(signal.unit === '' ? {} : { unit: signal.unit }),
    ...(signal.counter ? { counter: signal.counter } : {}),
    ...(signal.stateMappings ? { stateMappings: signal.stateMappings } : {}),
    address: {
      kind: 'opcua',
      nodeId: signal.address.nodeId,
      ...(signal.address.indexRange === undefined ? {} : { indexRange: signal.address.indexRange }),
      ...(signal.address.field === undefined ? {} : { field: signal.address.field }),
      typeDefinitionId: signal.address.typeDefinitionId,
      browsePath: signal.address.browsePath,
    },
  };
}

function equipmentEntry(m: DiscoveredMachine): DiscoveredEquipmentEntry {
  return {
    id: m.id,
    name: m.name,
    class: m.typeDefinitionName,
    ...(m.manufacturer ? { manufacturer: m.manufacturer } : {}),
    ...(m.model ? { model: m.model } : {}),
    ...(m.serialNumber ? { serialNumber: m.serialNumber } : {}),
    ...(m.idealUnitTimeMs === undefined ? {} : { idealUnitTimes: [{ idealUnitTime: m.idealUnitTimeMs }] }),
  };
}

/** Commented-out `signals[]` lines: signals the agent cannot read (none today), and guesses for unrecognised objects. */
function commentedSignals(result: DiscoveryResult, sourceId: string): string[] {
  const lines: string[] = [];
  for (const m of result.machines) {
    const waiting = m.signals.filter((s) => !s.ready);
    if (waiting.length === 0) continue;
    lines.push(
      '',
      `${m.id}: signals the agent cannot read (check what they are before uncommenting):`,
    );
    for (const s of waiting) lines.push(`- ${flowYaml(signalEntry(s, m.id, sourceId) as unknown as YamlValue)}`);
  }
  for (const u of result.unrecognised.slice(0, MAX_UNRECOGNISED)) lines.push(...unrecognisedLines(u, sourceId));
  if (result.unrecognised.length > MAX_UNRECOGNISED) {
    lines.push('', `… and ${result.unrecognised.length - MAX_UNRECOGNISED} more objects not recognised (listed in the discovery result, not here)`);
  }
  return lines;
}

function unrecognisedLines(u: UnrecognisedObject, sourceId: string): string[] {
  const lines = ['', `${u.id}: NOT RECOGNISED at ${u.browsePath} (${u.typeDefinitionName ?? u.typeDefinitionId}, ${u.nodeId}).`, u.hint + '.'];
  const suggested = u.variables.filter((v) => v.suggestion !== undefined).slice(0, MAX_LISTED_VARIABLES);
  if (suggested.length > 0) lines.push(`Guessed from the names (check each, add ${u.id} to equipment[], then uncomment):`);
  for (const v of suggested) {
    const s = v.suggestion!;
    const entry: Record<string, YamlValue> = {
      id: `${u.id}/${equipmentIdOf(v.name)}`,
      equipment: u.id,
      source: sourceId,
      semantic: s.semantic,
      ...(s.counter ? { counter: s.counter } : {}),
      address: { kind: 'opcua', nodeId: v.nodeId, browsePath: v.browsePath },
    };
    lines.push(`${v.name} (${v.dataType ?? 'unknown type'}): ${s.reason}`, `- ${flowYaml(entry)}`);
  }
  const rest = u.variables.filter((v) => !suggested.includes(v));
  const listed = rest.slice(0, MAX_LISTED_VARIABLES).map((v) => `${v.name} (${v.dataType ?? 'unknown type'}, ${v.nodeId})`);
  if (rest.length > listed.length) listed.push(`… ${rest.length - listed.length} more`);
  if (listed.length > 0) lines.push(`Not guessed: ${listed.join(', ')}`);
  return lines;
}

/**
 * The agent config for a discovery result: one `opcua` source (`kind`, `endpointUrl`,
 * `securityMode`, `securityPolicy`), one `equipment[]` entry per machine (id, name, class =
 * type BrowseName, identification, ideal unit time where the server states one) and its
 * `signals[]` (semantic, counter behaviour, `stateMappings` where core's default mapping
 * does not cover the values, and the `opcua` address with `nsu=` NodeId, type definition and
 * browse path) — returned both as data (`config`) and as YAML text (`yaml`) to write to a file.
 *
 * The YAML is written here, without a YAML library (`@rongtong/opcua` depends on core and
 * node-opcua only): block style, strings quoted only where a plain scalar would read
 * differently, the shared PackML `stateMappings` written once with an anchor (`&packml-states`)
 * and referred to with aliases. Its comments say what each signal is and what the user must
 * fill in: `user` and `pkiDir` (and trusting the server certificate), each machine's ISA-95
 * `path` and missing `idealUnitTimes`, and `uplinks`. PackML counters are read as a field of
 * an array element (`indexRange: "0"`, `field: AccCount`); suggestions for unrecognised
 * objects are commented out.
 */
export function discoveryToAgentConfig(result: DiscoveryResult, options: DiscoveryConfigOptions): { config: DiscoveredAgentConfig; yaml: string } {
  const sourceIdCheck = LocalIdSchema.safeParse(options.sourceId);
  if (!sourceIdCheck.success) {
    throw new RongtongError('INVALID_ARGUMENT', `sourceId: must be 1 to 128 characters from [A-Za-z0-9._:-], not "${options.sourceId}"`, {
      fieldViolations: [{ path: 'sourceId', reason: 'must be 1 to 128 characters from [A-Za-z0-9._:-]' }],
    });
  }
  const sourceId = options.sourceId;
  const c = result.connection;
  const source: DiscoveredSourceEntry = {
    id: sourceId,
    kind: 'opcua',
    endpointUrl: options.endpointUrl ?? c.endpointUrl,
    securityMode: options.securityMode ?? c.securityMode,
    securityPolicy: options.securityPolicy ?? (options.securityMode === undefined ? c.securityPolicy : options.securityMode === 'None' ? 'None' : 'Basic256Sha256'),
  };
  const equipment = result.machines.map(equipmentEntry);
  const signals = result.machines.flatMap((m) => m.signals.filter((s) => s.ready).map((s) => signalEntry(s, m.id, sourceId)));
  const config: DiscoveredAgentConfig = {
    ...(options.agentName === undefined ? {} : { agent: { name: options.agentName } }),
    sources: [source],
    equipment,
    signals,
  };

  const machineOfSignal = new Map(result.machines.flatMap((m) => m.signals.filter((s) => s.ready).map((s) => [s.id, m] as const)));
  const describe = new Map(result.machines.flatMap((m) => m.signals.map((s) => [s.id, s.description] as const)));
  const header = [
    `Rongtong agent config from OPC UA discovery of ${c.endpointUrl}.`,
    result.machines.length === 0
      ? 'No machine of OPC UA Machinery, Machine Tools or PackML was found.'
      : `${result.machines.length} machine${result.machines.length === 1 ? '' : 's'}: ${result.machines.map((m) => `${m.id} (${KIND_LABEL[m.kind]})`).join(', ')}.`,
    ...(result.unrecognised.length === 0 ? [] : [`Not recognised (plain variables, see the end of signals[]): ${result.unrecognised.map((u) => u.id).join(', ')}.`]),
    options.agentName === undefined
      ? 'Paste sources, equipment and signals into agent.yaml (it also needs agent.name and uplinks).'
      : 'A whole agent config: add uplinks (at the end) to send anywhere.',
    'Check before running: user and trust of the source, each machine’s path and idealUnitTimes, the notes.',
    'NodeIds name their namespace by URI (nsu=), valid when the server renumbers its namespaces;',
    'browse paths use the namespace indexes of the server at discovery time, for people.',
    ...result.warnings.map((w) => `warning: ${w}`),
  ];
  const user = c.user;
  const sourceTrailing = [
    user.kind === 'username'
      ? `user: ${flowYaml({ username: user.username, password: { env: 'RONGTONG_OPCUA_PASSWORD' } })}   # discovery ran as this user`
      : user.kind === 'certificate'
        ? `user: ${flowYaml({ certificate: '/etc/rongtong/opcua-user.pem', privateKey: '/etc/rongtong/opcua-user.key' })}   # discovery ran with a user certificate: name its PEM files`
        : `user: anonymous (default); a user account: ${flowYaml({ username: 'rongtong', password: { env: 'RONGTONG_OPCUA_PASSWORD' } })}`,
    'pkiDir: default <stateDir>/pki/opcua (client certificate, trusted server certificates); an untrusted server',
    '  certificate stops the source until: rongtong-agent trust accept <thumbprint> (the log names it)',
    ...(source.securityMode === 'None' ? ['securityMode None: nothing is signed or encrypted; use SignAndEncrypt if the server offers it'] : []),
  ];

  const yaml = toYaml(config as unknown as YamlValue, {
    anchors: new Map<object, string>([[PACKML_STATE_MAPPINGS, 'packml-states']]),
    flow: (path) => {
      const last = path.at(-1);
      const parent = path.at(-2);
      return last === 'counter' || (typeof last === 'number' && (parent === 'stateMappings' || parent === 'idealUnitTimes'));
    },
    comments: (path: YamlPath) => {
      if (path.length === 0) return header;
      if (path.length !== 2 || typeof path[1] !== 'number') return undefined;
      if (path[0] === 'equipment') {
        const m = result.machines[path[1]];
        if (!m) return undefined;
        return [`${m.id}: ${KIND_LABEL[m.kind]} ${m.typeDefinitionName} at ${m.browsePath} (${m.nodeId})`, ...m.notes.map((n) => `note: ${n}`)];
      }
      if (path[0] === 'signals') {
        const s = signals[path[1]];
        if (!s) return undefined;
        const m = machineOfSignal.get(s.id);
        const first = m !== undefined && m.signals.find((x) => x.ready)?.id === s.id;
        return [...(first ? ['', `── ${m.id} ──`] : []), describe.get(s.id) ?? ''];
      }
      return undefined;
    },
    trailing: (path: YamlPath) => {
      if (path.length === 0) {
        return [
          '',
          'Where to send (docs/agent-config.md, Uplinks); enrol once with rongtong-agent enroll:',
          'uplinks:',
          `  - ${flowYaml({ name: 'chain-leader', platform: 'platform.example.com:7600', sharing: 'kpi', token: { env: 'RONGTONG_TOKEN' } })}`,
        ];
      }
      if (path.length === 2 && path[0] === 'sources') return sourceTrailing;
      if (path.length === 2 && path[0] === 'equipment' && typeof path[1] === 'number') {
        const m = result.machines[path[1]];
        if (!m) return undefined;
        return [
          'path: [{ level: site, id: … }, { level: line, id: … }]   # where it stands (ISA-95), fill in',
          ...(m.idealUnitTimeMs === undefined ? ['idealUnitTimes: [{ idealUnitTime: … }]   # ms per part: needed for effectiveness, OEE and capacity'] : []),
        ];
      }
      if (path.length === 1 && path[0] === 'equipment' && result.unrecognised.length > 0) {
        return result.unrecognised.map((u) => `- ${flowYaml({ id: u.id, name: u.name })}   # not recognised: see the end of signals[]`);
      }
      if (path.length === 1 && path[0] === 'signals') return commentedSignals(result, sourceId);
      return undefined;
    },
  });
  return { config, yaml };
}
