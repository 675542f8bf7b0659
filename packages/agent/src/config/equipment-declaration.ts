import type { Equipment, Signal, SignalSource } from '@rongtong/core';
import type { AgentConfig } from './agent-config-schema.js';
import type { EquipmentConfig } from './equipment-config.js';
import type { SignalConfig } from './signal-config.js';

/** The parts of the agent config a declaration is built from. */
export type DeclarationConfig = Pick<AgentConfig, 'equipment' | 'signals' | 'sources'>;

/**
 * Where a signal is read, as the platform is told: the signal's `address` when it has one;
 * otherwise (a source that names its signals itself, such as the generator, or an MQTT /
 * Sparkplug topic template that produces the id) a `custom` address naming the source kind
 * (`source_type`) and the source id (`attributes.source`). The proto's `Signal.source` oneof
 * needs exactly one member, and connection settings are never sent.
 */
function signalSourceOf(signal: SignalConfig, sourceKinds: ReadonlyMap<string, string>): SignalSource {
  if (signal.address !== undefined) return signal.address;
  return { kind: 'custom', sourceType: sourceKinds.get(signal.source) ?? 'unknown', attributes: { source: signal.source } };
}

/** The core `Signal` of a `signals[]` entry. */
function signalOf(signal: SignalConfig, sourceKinds: ReadonlyMap<string, string>): Signal {
  return {
    id: signal.id,
    ...(signal.name !== undefined && signal.name !== '' ? { name: signal.name } : {}),
    source: signalSourceOf(signal, sourceKinds),
    semantic: signal.semantic,
    unit: signal.unit,
    ...(signal.counter !== undefined ? { counter: signal.counter } : {}),
    stateMappings: signal.stateMappings,
    ...(signal.partsPerCycle !== undefined ? { partsPerCycle: signal.partsPerCycle } : {}),
  };
}

/** The core `Equipment` (declared content only) of an `equipment[]` entry and its signals. */
function equipmentOf(entry: EquipmentConfig, signals: readonly Signal[]): Equipment {
  return {
    id: entry.id,
    name: entry.name,
    path: entry.path,
    ...(entry.class !== undefined ? { equipmentClass: entry.class } : {}),
    ...(entry.manufacturer !== undefined ? { manufacturer: entry.manufacturer } : {}),
    ...(entry.model !== undefined ? { model: entry.model } : {}),
    ...(entry.serialNumber !== undefined ? { serialNumber: entry.serialNumber } : {}),
    ...(entry.ratedCapacityPerHour !== undefined ? { ratedCapacityPerHour: entry.ratedCapacityPerHour } : {}),
    idealUnitTimes: entry.idealUnitTimes,
    ...(entry.shiftCalendarId !== undefined ? { shiftCalendarId: entry.shiftCalendarId } : {}),
    capabilities: entry.capabilities,
    signals: [...signals],
  };
}

/**
 * The equipment the agent declares to every platform it streams to
 * (`OnboardingService.DeclareEquipment`), in config order: each `equipment[]` entry with the
 * `signals[]` entries that name it (in config order), as core `Equipment`.
 *
 * A valid config has no signal without equipment (`signals[].equipment` is required and must
 * name an `equipment[]` entry), so every signal the pipeline accepts is declared; equipment
 * without signals is declared with an empty list (ideal unit times, capabilities and shift
 * calendar still matter). A signal naming unknown equipment (only possible in an unchecked
 * config) is left out: the platform has nowhere to attach it.
 */
export function equipmentDeclarationOf(config: DeclarationConfig): Equipment[] {
  const sourceKinds = new Map(config.sources.map((s) => [s.id, s.kind]));
  const byEquipment = new Map<string, Signal[]>(config.equipment.map((e) => [e.id, []]));
  for (const signal of config.signals) byEquipment.get(signal.equipment)?.push(signalOf(signal, sourceKinds));
  return config.equipment.map((e) => equipmentOf(e, byEquipment.get(e.id) ?? []));
}
