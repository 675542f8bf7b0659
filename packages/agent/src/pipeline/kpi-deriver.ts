import { createSampleDeriver, type SampleDeriverState } from '@rongtong/core';
import type { AgentConfig } from '../config/agent-config-schema.js';
import type { Sample } from '../sources/sample.js';
import { encodeKpiPayload, type EncodedPayload, type KpiDerivation } from './kpi-payload.js';

/** What a KPI deriver carries between batches: plain JSON, so it can be persisted and restored (core's `SampleDeriverState`). */
export type KpiDeriverState = SampleDeriverState;

/** Options of {@link createKpiDeriver}: the parsed config (its signals) and an optional saved state. */
export interface KpiDeriverOptions {
  readonly config: Pick<AgentConfig, 'signals'>;
  readonly initialState?: KpiDeriverState;
}

/** Turns batches of samples into KPI-level payloads (see {@link createKpiDeriver}). */
export interface KpiDeriver {
  /** Derives what the samples end (intervals, hours); updates the carried state. */
  derive(samples: readonly Sample[]): KpiDerivation;
  /** `derive`, then `encodeKpiPayload`: undefined when nothing ended. */
  deriveAndEncode(samples: readonly Sample[], createTime: number): EncodedPayload | undefined;
  /** A JSON-serialisable copy of the carried state. */
  state(): KpiDeriverState;
}

/**
 * A KPI deriver for the configured signals (DESIGN §3 Derive): core's `createSampleDeriver`
 * — the same code the platform runs on raw batches — over the config's signals.
 * `machine_state` / `operation_mode` samples become StateIntervals (ended at state changes,
 * cut at UTC hours); counter samples become one ProductionCount per equipment per UTC hour,
 * reported once a later hour's counter data arrives. No sample ever reaches the output.
 */
export function createKpiDeriver(options: KpiDeriverOptions): KpiDeriver {
  const deriver = createSampleDeriver({ signals: options.config.signals, initialState: options.initialState });
  return {
    derive: (samples) => deriver.derive(samples),
    deriveAndEncode(samples, createTime) {
      return encodeKpiPayload(deriver.derive(samples), createTime);
    },
    state: () => deriver.state(),
  };
}
