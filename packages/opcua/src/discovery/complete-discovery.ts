import type { CounterBehavior } from '@rongtong/core';
import type { AddressSpaceSnapshot, BrowsedNode } from './address-space-snapshot.js';
import type {
  DiscoveredMachine,
  DiscoveredSignal,
  DiscoveryConnection,
  DiscoveryResult,
  DiscoveryStats,
  UnrecognisedObject,
  UnrecognisedVariable,
} from './discovery-result.js';
import { suggestFromName } from './name-suggestions.js';
import { formatBrowsePath } from './portable-node-id.js';
import type { MachineDraft, Recognition, SignalDraft } from './recognize-machines.js';
import { BUILT_IN_DATA_TYPES, COUNTER_WRAP } from './standard-models.js';
import type { TypeHierarchy } from './type-hierarchy.js';

/** The DataType and ValueRank attributes of a variable. */
export interface VariableType {
  readonly dataType: string;
  readonly valueRank: number;
}

/** What was read after recognition: variables' types and a few values. */
export interface DiscoveryFacts {
  /** DataType (portable NodeId) and ValueRank per variable NodeId. */
  readonly variableTypes: ReadonlyMap<string, VariableType>;
  /** Values per NodeId, as plain JS (LocalizedText as `{ text }`), of the identification and design speed variables. */
  readonly values: ReadonlyMap<string, unknown>;
}

/** The variables whose DataType and ValueRank {@link completeDiscovery} uses. */
export function variablesToType(recognition: Recognition): string[] {
  const ids = new Set<string>();
  for (const m of recognition.machines) for (const s of m.signals) ids.add(s.node.nodeId);
  for (const u of recognition.unrecognised) for (const v of u.variables) ids.add(v.nodeId);
  return [...ids];
}

/** The variables whose values {@link completeDiscovery} uses (identification, design speed). */
export function variablesToRead(recognition: Recognition): string[] {
  const ids = new Set<string>();
  for (const m of recognition.machines) {
    for (const node of [m.identification.manufacturer, m.identification.model, m.identification.serialNumber, m.designSpeed]) {
      if (node) ids.add(node.nodeId);
    }
  }
  return [...ids];
}

/** The built-in type a data type is (`Counter` → `UInt32`), via the hierarchy. */
export function builtInTypeOf(dataType: string | undefined, types: TypeHierarchy): string | undefined {
  if (dataType === undefined || dataType === '') return undefined;
  return types.nearest(dataType, (t) => BUILT_IN_DATA_TYPES[t]);
}

/** A data type for people: the built-in name or the type's BrowseName, `[]` for arrays. */
export function dataTypeText(variable: VariableType | undefined, types: TypeHierarchy): string | undefined {
  if (variable === undefined || variable.dataType === '') return undefined;
  const name = BUILT_IN_DATA_TYPES[variable.dataType] ?? types.name(variable.dataType) ?? variable.dataType;
  return variable.valueRank >= 0 ? `${name}[]` : name;
}

/** Text of an identification value (LocalizedText, String, numbers), or undefined when empty. */
function textOf(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'object' && 'text' in value) return textOf(value.text);
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint') return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

/** A BrowseName as an id: `[A-Za-z0-9._:-]`, at most 100 characters (room for signal roles), never empty. */
export function equipmentIdOf(name: string): string {
  const id = name
    .replace(/[^A-Za-z0-9._:-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100);
  return id === '' ? 'machine' : id;
}

/** Makes ids unique in order of appearance: `X`, `X-2`, `X-3`, … */
function uniqueIds(): (wanted: string) => string {
  const taken = new Set<string>();
  return (wanted) => {
    let id = wanted;
    for (let n = 2; taken.has(id); n++) id = `${wanted}-${n}`;
    taken.add(id);
    return id;
  };
}

function counterOf(draft: SignalDraft, builtIn: string | undefined): CounterBehavior | undefined {
  if (draft.counter === undefined) return undefined;
  // The field of an element has its own type (PackML AccCount: Int32), not the array's.
  const wrapsAt = draft.element === undefined && builtIn !== undefined ? COUNTER_WRAP[builtIn] : undefined;
  return { ...draft.counter, ...(wrapsAt === undefined ? {} : { wrapsAt }) };
}

function signalOf(draft: SignalDraft, equipmentId: string, snapshot: AddressSpaceSnapshot, facts: DiscoveryFacts, types: TypeHierarchy): DiscoveredSignal {
  const variable = facts.variableTypes.get(draft.node.nodeId);
  const counter = counterOf(draft, builtInTypeOf(variable?.dataType, types));
  return {
    id: `${equipmentId}/${draft.role}`,
    semantic: draft.semantic,
    unit: draft.unit,
    ...(counter ? { counter } : {}),
    ...(draft.stateMappings ? { stateMappings: draft.stateMappings } : {}),
    address: {
      kind: 'opcua',
      nodeId: draft.node.nodeId,
      typeDefinitionId: draft.typeDefinitionId,
      browsePath: formatBrowsePath(draft.node.path, snapshot.namespaceArray),
      ...(draft.element ? { indexRange: draft.element.indexRange, field: draft.element.field } : {}),
    },
    dataType: dataTypeText(variable, types),
    ...(draft.element ? { element: draft.element } : {}),
    ready: true,
    description: draft.description,
  };
}

function machineOf(draft: MachineDraft, id: string, snapshot: AddressSpaceSnapshot, facts: DiscoveryFacts, types: TypeHierarchy): DiscoveredMachine {
  const value = (node: BrowsedNode | undefined): string | undefined => (node ? textOf(facts.values.get(node.nodeId)) : undefined);
  const manufacturer = value(draft.identification.manufacturer);
  const model = value(draft.identification.model);
  const serialNumber = value(draft.identification.serialNumber);
  const notes = [...draft.notes];
  let idealUnitTimeMs: number | undefined;
  if (draft.designSpeed) {
    const speed = facts.values.get(draft.designSpeed.nodeId);
    if (typeof speed === 'number' && Number.isFinite(speed) && speed > 0) {
      idealUnitTimeMs = Math.round((60_000 / speed) * 1000) / 1000;
      notes.push(`ideal unit time ${idealUnitTimeMs} ms = 60 000 ms / Admin/MachDesignSpeed ${speed} per minute`);
    } else {
      notes.push('Admin/MachDesignSpeed has no positive value: no ideal unit time');
    }
  }
  return {
    id,
    kind: draft.kind,
    name: draft.node.displayName.trim() || draft.node.browseName.name,
    nodeId: draft.node.nodeId,
    browsePath: formatBrowsePath(draft.node.path, snapshot.namespaceArray),
    typeDefinitionId: draft.node.typeDefinition,
    typeDefinitionName: draft.typeDefinitionName,
    ...(manufacturer ? { manufacturer } : {}),
    ...(model ? { model } : {}),
    ...(serialNumber ? { serialNumber } : {}),
    ...(idealUnitTimeMs === undefined ? {} : { idealUnitTimeMs }),
    signals: draft.signals.map((s) => signalOf(s, id, snapshot, facts, types)),
    notes,
  };
}

/**
 * Turns a recognition and what was read afterwards into the {@link DiscoveryResult} (pure):
 * equipment ids from BrowseNames, made unique; signal ids `<equipment>/<role>`; counter
 * `wrapsAt` from the variable's built-in type (Byte, UInt16, UInt32; none for 64-bit and signed
 * counters); identification values; the ideal unit time from a PackML design speed; name
 * suggestions for unrecognised variables.
 */
export function completeDiscovery(
  recognition: Recognition,
  snapshot: AddressSpaceSnapshot,
  facts: DiscoveryFacts,
  types: TypeHierarchy,
  context: { readonly connection: DiscoveryConnection; readonly stats: DiscoveryStats; readonly warnings: readonly string[] },
): DiscoveryResult {
  const unique = uniqueIds();
  const machines = recognition.machines.map((m) => machineOf(m, unique(equipmentIdOf(m.node.browseName.name)), snapshot, facts, types));
  const unrecognised = recognition.unrecognised.map((u): UnrecognisedObject => {
    const typeName = u.node.typeDefinition === '' ? undefined : types.name(u.node.typeDefinition);
    const variables = u.variables.map((v): UnrecognisedVariable => {
      const dataType = dataTypeText(facts.variableTypes.get(v.nodeId), types);
      const builtIn = builtInTypeOf(facts.variableTypes.get(v.nodeId)?.dataType, types);
      const scalar = (facts.variableTypes.get(v.nodeId)?.valueRank ?? -1) < 0;
      const suggestion = scalar ? suggestFromName(v.browseName.name, builtIn) : undefined;
      const wrapsAt = suggestion?.counter && builtIn !== undefined ? COUNTER_WRAP[builtIn] : undefined;
      return {
        name: v.browseName.name,
        nodeId: v.nodeId,
        browsePath: formatBrowsePath(v.path, snapshot.namespaceArray),
        dataType,
        ...(suggestion
          ? { suggestion: wrapsAt === undefined || suggestion.counter === undefined ? suggestion : { ...suggestion, counter: { ...suggestion.counter, wrapsAt } } }
          : {}),
      };
    });
    return {
      id: unique(equipmentIdOf(u.node.browseName.name)),
      name: u.node.displayName.trim() || u.node.browseName.name,
      nodeId: u.node.nodeId,
      browsePath: formatBrowsePath(u.node.path, snapshot.namespaceArray),
      typeDefinitionId: u.node.typeDefinition,
      typeDefinitionName: typeName,
      variables,
      hint:
        `${typeName ?? 'an object'} with ${variables.length} plain variable${variables.length === 1 ? '' : 's'} and no type of Machinery, Machine Tools or PackML: ` +
        'discovery cannot tell what they mean. Map them by hand as signals[] entries (the generated config suggests semantics from the names, commented out); a machine_state signal needs stateMappings for the vendor codes',
    };
  });
  return {
    connection: context.connection,
    namespaceArray: snapshot.namespaceArray,
    machines,
    unrecognised,
    warnings: [...context.warnings, ...recognition.warnings],
    stats: context.stats,
  };
}
