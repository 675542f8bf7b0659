import { isCountKind } from '@rongtong/core';
import type { SignalConfig } from '../config/signal-config.js';

/** What the KPI deriver derives from one piece of equipment's signals. */
export interface EquipmentSignals {
  /** It has a `machine_state` signal: state intervals, so time elements. */
  readonly hasState: boolean;
  /** Its counters the KPI deriver counts: produced / good / bad / rework, or a cycle counter (as produced parts) where there is no produced_count signal. */
  readonly counters: readonly SignalConfig[];
  /** The unit of its ProductionCounts, picked as the KPI deriver picks it ("" = pieces, also when it has no counter). */
  readonly unit: string;
  /** Its state, mode and counter signals, sorted: what hourly figures of it rest on. */
  readonly signalIds: readonly string[];
}

/** The state and counter signals of `equipmentId` among `signals` (see {@link EquipmentSignals}). */
export function equipmentSignalsOf(equipmentId: string, signals: readonly SignalConfig[]): EquipmentSignals {
  const own = signals.filter((s) => s.equipment === equipmentId);
  const hasProduced = own.some((s) => s.semantic === 'produced_count');
  const cycles = hasProduced ? [] : own.filter((s) => s.semantic === 'cycle_count');
  const counters = own.filter((s) => (isCountKind(s.semantic) || cycles.includes(s)) && s.counter !== undefined);
  let unit: string | undefined;
  for (const s of own) if (isCountKind(s.semantic) && (unit === undefined || s.semantic === 'produced_count')) unit = s.unit;
  for (const s of cycles) unit = s.unit;
  const used = own.filter((s) => s.semantic === 'machine_state' || s.semantic === 'operation_mode' || counters.includes(s));
  return {
    hasState: own.some((s) => s.semantic === 'machine_state'),
    counters,
    unit: unit ?? '',
    signalIds: used.map((s) => s.id).sort(),
  };
}
