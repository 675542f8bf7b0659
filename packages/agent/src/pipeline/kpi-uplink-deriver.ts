import { MS_PER_HOUR } from '@rongtong/core';
import type { AgentConfig } from '../config/agent-config-schema.js';
import type { Sample } from '../sources/sample.js';
import type { HourCloserState } from './hour-closer.js';
import { createKpiDeriver, type KpiDeriverState } from './kpi-deriver.js';
import { encodeKpiPayload, type EncodedPayload, type KpiDerivation } from './kpi-payload.js';
import { createKpiRecordDeriver, type KpiRecordDeriverStats } from './kpi-record-deriver.js';

/** What a kpi uplink's deriver carries between batches: both stages' states, plain JSON. */
export interface KpiUplinkDeriverState {
  readonly kpi: KpiDeriverState;
  /** The KPI record stage's hour closer. */
  readonly hours: HourCloserState;
}

/** Options of {@link createKpiUplinkDeriver}. */
export interface KpiUplinkDeriverOptions {
  /** The parsed config: signals and equipment. */
  readonly config: Pick<AgentConfig, 'signals' | 'equipment'>;
  /**
   * The saved state. A `KpiDeriverState` alone — saved before kpi uplinks sent hourly KPIs —
   * restores the KPI deriver; the hours up to its open intervals are then taken as closed, as
   * their earlier intervals were never collected, so no partial hour is reported.
   */
  readonly initialState?: KpiUplinkDeriverState | KpiDeriverState;
  /** See `HourCloserOptions.maxPendingHours`. */
  readonly maxPendingHours?: number;
}

/** Turns batches of samples into KPI-level payloads (see {@link createKpiUplinkDeriver}). */
export interface KpiUplinkDeriver {
  /** Derives the ended intervals and hourly counts and the KPI records of the hours the samples complete; updates the carried state. */
  derive(samples: readonly Sample[]): KpiDerivation;
  /** `derive`, then `encodeKpiPayload`: undefined when nothing ended. */
  deriveAndEncode(samples: readonly Sample[], createTime: number): EncodedPayload | undefined;
  /** A JSON-serialisable copy of both stages' state: persist it with the outbox checkpoint. */
  state(): KpiUplinkDeriverState;
  /** The KPI record stage's counters. */
  stats(): KpiRecordDeriverStats;
}

/** An hour closer state for a KPI deriver restored from `kpi`: per equipment, closed up to the end of its open interval's hour. */
function closedUpToOpenIntervals(kpi: KpiDeriverState): HourCloserState {
  const equipment: Record<string, { closedThrough: number; hours: [] }> = {};
  for (const [id, carry] of Object.entries(kpi.equipment)) {
    if (carry.open !== undefined) equipment[id] = { closedThrough: Math.ceil(carry.open.start / MS_PER_HOUR) * MS_PER_HOUR, hours: [] };
  }
  return { equipment };
}

/**
 * The deriver of one `kpi` uplink: samples → KPI deriver (state intervals, hourly production
 * counts) → KPI record deriver (one ISO 22400 `Kpi` per equipment and completed hour, see
 * `createKpiRecordDeriver`); the payload carries all three. One instance per uplink, so that
 * each continues from the state saved with its own outbox; the two stages' states are kept
 * and restored together, as one JSON value, so a restarted agent reports exactly what an
 * uninterrupted one does.
 */
export function createKpiUplinkDeriver(options: KpiUplinkDeriverOptions): KpiUplinkDeriver {
  const { config, initialState, maxPendingHours } = options;
  const saved = initialState === undefined || 'hours' in initialState ? initialState : { kpi: initialState, hours: closedUpToOpenIntervals(initialState) };
  const kpi = createKpiDeriver({ config, ...(saved ? { initialState: saved.kpi } : {}) });
  const records = createKpiRecordDeriver({
    config,
    ...(saved ? { initialState: saved.hours } : {}),
    ...(maxPendingHours !== undefined ? { maxPendingHours } : {}),
  });
  function derive(samples: readonly Sample[]): KpiDerivation {
    const derivation = kpi.derive(samples);
    return { ...derivation, kpis: records.derive(derivation) };
  }
  return {
    derive,
    deriveAndEncode(samples, createTime) {
      return encodeKpiPayload(derive(samples), createTime);
    },
    state() {
      return { kpi: kpi.state(), hours: records.state() };
    },
    stats: () => records.stats(),
  };
}
