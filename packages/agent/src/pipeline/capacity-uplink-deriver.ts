import type { AgentConfig } from '../config/agent-config-schema.js';
import type { Sample } from '../sources/sample.js';
import { createCapacityDeriver, type CapacityDeriverState, type CapacityDeriverStats } from './capacity-deriver.js';
import { encodeCapacityPayload, type DerivedCapacity } from './capacity-payload.js';
import { createKpiDeriver, type KpiDeriverState } from './kpi-deriver.js';
import type { EncodedPayload } from './kpi-payload.js';

/** What a capacity uplink's deriver carries between batches: both stages' states, plain JSON. */
export interface CapacityUplinkDeriverState {
  readonly kpi: KpiDeriverState;
  readonly capacity: CapacityDeriverState;
}

/** Options of {@link createCapacityUplinkDeriver}. */
export interface CapacityUplinkDeriverOptions {
  /** The parsed config: signals and equipment. */
  readonly config: Pick<AgentConfig, 'signals' | 'equipment'>;
  readonly initialState?: CapacityUplinkDeriverState;
  /** See `CapacityDeriverOptions.maxPendingHours`. */
  readonly maxPendingHours?: number;
}

/** Turns batches of samples into capacity-level payloads (see {@link createCapacityUplinkDeriver}). */
export interface CapacityUplinkDeriver {
  /** Derives the capacity records of the hours the samples close; updates the carried state. */
  derive(samples: readonly Sample[]): DerivedCapacity[];
  /** `derive`, then `encodeCapacityPayload`: undefined when no hour was recorded. */
  deriveAndEncode(samples: readonly Sample[], createTime: number): EncodedPayload | undefined;
  /** A JSON-serialisable copy of both stages' state: persist it with the outbox checkpoint. */
  state(): CapacityUplinkDeriverState;
  /** The capacity stage's counters. */
  stats(): CapacityDeriverStats;
}

/**
 * The deriver of one `capacity` uplink: samples → KPI deriver (state intervals, hourly
 * production counts) → capacity deriver (hourly TOTAL / USED / UNUSED records). The KPI
 * stage's output never leaves it; only capacity records do. One instance per uplink, like
 * the KPI deriver of a `kpi` uplink, so that each continues from the state saved with its
 * own outbox; the two stages' states are kept and restored together, as one JSON value.
 */
export function createCapacityUplinkDeriver(options: CapacityUplinkDeriverOptions): CapacityUplinkDeriver {
  const { config, initialState, maxPendingHours } = options;
  const kpi = createKpiDeriver({ config, ...(initialState ? { initialState: initialState.kpi } : {}) });
  const capacity = createCapacityDeriver({
    config,
    ...(initialState ? { initialState: initialState.capacity } : {}),
    ...(maxPendingHours !== undefined ? { maxPendingHours } : {}),
  });
  const derive = (samples: readonly Sample[]) => capacity.derive(kpi.derive(samples));
  return {
    derive,
    deriveAndEncode(samples, createTime) {
      return encodeCapacityPayload(derive(samples), createTime);
    },
    state() {
      return { kpi: kpi.state(), capacity: capacity.state() };
    },
    stats: () => capacity.stats(),
  };
}
