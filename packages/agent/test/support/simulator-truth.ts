import { PACKML_STATE_MAPPING, TIME_BUCKETS, type TimeBucket } from '@rongtong/core';
import { LEGACY_STATE_MAPPING, LEGACY_STATUS_CODES, type SimulatedMachineInfo, type TruthPeriod } from '@rongtong/simulator';
import type { z } from 'zod';
import type { AgentConfigInput } from '../../src/config/agent-config-schema.js';
import type { SignalConfigSchema } from '../../src/config/signal-config.js';

/** A `signals[]` entry as written. */
type SignalConfigInput = z.input<typeof SignalConfigSchema>;

/**
 * The signals an integrator maps for one simulated machine: state (and the CNC's operation
 * mode), and counters with their behaviour. CNC: lifetime parts (produced) and the job's good
 * parts (reset at job change), scrap = produced − good. Legacy: the job's parts, good and bad
 * counters (reset at job change); its vendor status codes mapped to buckets like the
 * simulator's `LEGACY_STATE_MAPPING`. PackML line: its three nested state machines with core's
 * PackML mapping, and the `AccCount` field of element 0 of the processed and defective counts.
 */
export function signalsOf(m: SimulatedMachineInfo): SignalConfigInput[] {
  const v = m.variables;
  const sig = (
    name: string,
    nodeId: string | undefined,
    rest: Omit<SignalConfigInput, 'id' | 'equipment' | 'source' | 'address'>,
    part: { indexRange?: string; field?: string } = {},
  ): SignalConfigInput => {
    if (nodeId === undefined) throw new Error(`machine ${m.id} has no variable for ${name}`);
    return { id: `${m.id}/${name}`, equipment: m.id, source: 'sim', address: { kind: 'opcua', nodeId, ...part }, ...rest };
  };
  const job = { monotonic: true, resetsOnJob: true } as const;
  if (m.kind === 'packml') {
    // The state is the innermost active of three nested state machines; the outer ones' "Cleared"
    // and "Running" only say that an inner one is active, and an inactive one reads Bad_StateNotActive.
    const stateMappings = [...Object.entries(PACKML_STATE_MAPPING.states).map(([rawState, bucket]) => ({ rawState, bucket })), { rawState: 'Cleared' }, { rawState: 'Running' }];
    // Admin/ProdProcessedCount and ProdDefectiveCount: PackMLCountDataType[1]; AccCount accumulates over jobs.
    const acc = { indexRange: '0', field: 'AccCount' } as const;
    return [
      sig('base-state', v.baseState, { semantic: 'machine_state', stateMappings }),
      sig('machine-state', v.machineState, { semantic: 'machine_state', stateMappings }),
      sig('execute-state', v.executeState, { semantic: 'machine_state', stateMappings }),
      sig('produced', v.prodProcessedCount, { semantic: 'produced_count', counter: { monotonic: true } }, acc),
      sig('bad', v.prodDefectiveCount, { semantic: 'bad_count', counter: { monotonic: true } }, acc),
    ];
  }
  if (m.kind === 'cnc') {
    return [
      sig('state', v.machineryItemState, { semantic: 'machine_state' }),
      sig('mode', v.machineryOperationMode, { semantic: 'operation_mode' }),
      sig('produced', v.partsProducedInLifetime, { semantic: 'produced_count', counter: { monotonic: true } }),
      sig('good', v.jobPartsGood, { semantic: 'good_count', counter: job }),
    ];
  }
  const stateMappings = Object.entries(LEGACY_STATUS_CODES).map(([name, code]) => ({ rawState: String(code), bucket: LEGACY_STATE_MAPPING.states[name]! }));
  return [
    sig('state', v.status, { semantic: 'machine_state', stateMappings }),
    sig('produced', v.jobPartsCounter, { semantic: 'produced_count', counter: job }),
    sig('good', v.jobGoodPartsCounter, { semantic: 'good_count', counter: job }),
    sig('bad', v.jobBadPartsCounter, { semantic: 'bad_count', counter: job }),
  ];
}

/** The ground truth of several periods (hours) added up: a day, a shift, a week. */
export function sumTruth(periods: readonly Pick<TruthPeriod, 'bucketMs' | 'produced' | 'good' | 'scrap'>[]): Pick<TruthPeriod, 'bucketMs' | 'produced' | 'good' | 'scrap'> {
  const bucketMs: Partial<Record<TimeBucket, number>> = {};
  let produced = 0;
  let good = 0;
  let scrap = 0;
  for (const p of periods) {
    for (const b of TIME_BUCKETS) bucketMs[b] = (bucketMs[b] ?? 0) + (p.bucketMs[b] ?? 0);
    produced += p.produced;
    good += p.good;
    scrap += p.scrap;
  }
  return { bucketMs, produced, good, scrap };
}

/**
 * The KPI record of one period computed by hand from the simulator's ground truth, ISO 22400-2
 * formulas written out here (not core's): POT = the period, PBT = POT − PDOT, AUPT = APT + AUST,
 * AUBT = AUPT + ADET; time no bucket covers is unknown.
 */
export function expectedKpi(t: Pick<TruthPeriod, 'bucketMs' | 'produced' | 'good' | 'scrap'>, periodMs: number, idealUnitMs: number) {
  const b = (k: TimeBucket) => t.bucketMs[k] ?? 0;
  const covered = TIME_BUCKETS.reduce((n, k) => n + b(k), 0);
  const unknown = b('unknown') + (periodMs - covered);
  const pbt = periodMs - b('pdot');
  const aupt = b('apt') + b('aust');
  const aubt = aupt + b('adet');
  const availability = b('apt') / pbt;
  const effectiveness = (idealUnitMs * t.produced) / b('apt');
  const qualityRatio = t.good / t.produced;
  return {
    times: { apt: b('apt'), aust: b('aust'), adet: b('adet'), adot: b('adot'), pdot: b('pdot'), idle: b('idle'), unknown, pbt, aubt },
    quantities: { produced: t.produced, good: t.good, scrap: t.scrap },
    ratios: {
      availability,
      effectiveness,
      qualityRatio,
      oee: availability * effectiveness * qualityRatio,
      utilizationEfficiency: b('apt') / aubt,
      setupRate: b('aust') / aupt,
      scrapRatio: t.scrap / t.produced,
      throughputRate: (t.produced / aubt) * 3_600_000,
      dataCoverage: 1 - unknown / pbt,
    },
  };
}

/** The config of an agent reading every machine of an OPC UA simulator (see `signalsOf`), streaming to `uplinks`. */
export function simulatorAgentConfig(
  sim: { readonly endpointUrl: string; readonly machines: readonly SimulatedMachineInfo[] },
  options: { name: string; idealUnitMs: number; uplinks: NonNullable<AgentConfigInput['uplinks']> },
): Omit<AgentConfigInput, 'stateDir' | 'health'> {
  return {
    agent: { name: options.name },
    sources: [
      {
        id: 'sim',
        kind: 'opcua',
        endpointUrl: sim.endpointUrl,
        securityMode: 'None',
        // Every change, queued while the agent catches up: the clock moves much faster than real time.
        samplingInterval: 0,
        publishingInterval: 50,
        queueSize: 10_000,
        backoff: { initialMs: 100, maxMs: 500 },
      },
    ],
    signals: sim.machines.flatMap(signalsOf),
    equipment: sim.machines.map((m) => ({ id: m.id, name: m.id, idealUnitTimes: [{ idealUnitTime: options.idealUnitMs }] })),
    batching: { maxSamples: 1000, maxDelayMs: 50 },
    outbox: { durability: 'normal' },
    uplinks: options.uplinks,
  };
}

/**
 * Moves the simulator's clock `runMs` in steps of `stepMs` (which divide the hour), yielding
 * to the event loop after each so that the server publishes as it goes.
 */
export async function advanceSimulator(sim: { advance(ms: number): unknown }, runMs: number, stepMs: number): Promise<void> {
  for (let t = 0; t < runMs; t += stepMs) {
    sim.advance(stepMs);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
