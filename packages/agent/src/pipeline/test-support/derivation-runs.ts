import fc from 'fast-check';
import type { SignalConfig } from '../../config/signal-config.js';
import type { Sample } from '../../sources/sample.js';
import { createKpiDeriver } from '../kpi-deriver.js';
import type { KpiDerivation } from '../kpi-payload.js';
import { MIN, T } from './capacity-scenario.js';
import { testSignals } from './pipeline-config.js';

/** The real KPI deriver's output for `batches` of samples, one derivation per batch. */
export function kpiDerivations(batches: readonly (readonly Sample[])[], signals: SignalConfig[] = testSignals()): KpiDerivation[] {
  const kpi = createKpiDeriver({ config: { signals } });
  return batches.map((batch) => kpi.derive(batch));
}

/** Consecutive chunks of `items` of the given sizes (the last takes the rest). */
export function chunks<T>(items: readonly T[], sizes: readonly number[]): T[][] {
  const out: T[][] = [];
  let i = 0;
  for (const size of sizes) {
    out.push(items.slice(i, i + size));
    i += size;
  }
  out.push(items.slice(i));
  return out;
}

/** `derivation` split into 7 derivations: intervals and counts each keep their order, batch boundaries fall anywhere in either. */
export function anySplit(derivation: KpiDerivation): fc.Arbitrary<KpiDerivation[]> {
  const { intervals, counts, signalIds } = derivation;
  const batchIndices = (n: number) => fc.array(fc.nat({ max: 6 }), { minLength: n, maxLength: n }).map((a) => a.sort((x, y) => x - y));
  return fc.tuple(batchIndices(intervals.length), batchIndices(counts.length)).map(([ib, cb]) =>
    Array.from({ length: 7 }, (_, b) => ({
      intervals: intervals.filter((_, i) => ib[i] === b),
      counts: counts.filter((_, i) => cb[i] === b),
      signalIds,
    })),
  );
}

/**
 * Random samples of machine m1 of `testSignals()` (state, mode, counters, temperature) from
 * 09:00, `step` minutes apart (a negative step goes back in time), cut into batches at random places.
 */
export function m1Batches(step: fc.Arbitrary<number>): fc.Arbitrary<Sample[][]> {
  const value = fc.oneof(
    fc.integer({ min: 0, max: 400 }).map(BigInt),
    fc.double(),
    fc.constantFrom('Executing', 'NotExecuting', 'OutOfService', 'NotAvailable', 'Processing', 'Setup', 'Maintenance', '', 'x'),
    fc.constant(undefined),
  );
  const sample = fc.record({
    signalId: fc.constantFrom('m1/state', 'm1/state', 'm1/mode', 'm1/produced', 'm1/produced', 'm1/bad', 'm1/temp'),
    value,
    quality: fc.constantFrom<Sample['quality']>('good', 'good', 'uncertain', 'bad'),
  });
  return fc
    .record({ raw: fc.array(fc.record({ sample, step }), { maxLength: 80, size: 'max' }), cuts: fc.array(fc.nat({ max: 80 }), { maxLength: 8 }) })
    .map(({ raw, cuts }) => {
      let t = T - 60 * MIN;
      const stream = raw.map((r): Sample => {
        t += r.step * MIN;
        return { ...r.sample, sourceTime: t };
      });
      const bounds = [...new Set([0, ...cuts, stream.length])].filter((c) => c <= stream.length).sort((a, b) => a - b);
      return bounds.slice(1).map((end, i) => stream.slice(bounds[i], end));
    });
}

/** A deriver stage as the resume tests see it. */
interface Resumable<I, O, S> {
  derive(input: I): O;
  state(): S;
}

/**
 * For every cut of `inputs` (0 … all): the outputs, input by input, of a stage made by
 * `create()` fed the inputs before the cut, then of one made by `create(saved)` — `saved` a
 * JSON round-trip of the first one's `state()` — fed the rest. A stage that resumes exactly
 * gives, for every cut, the outputs of an uninterrupted run.
 */
export function resumedAtEveryCut<I, O, S>(create: (initialState?: S) => Resumable<I, O, S>, inputs: readonly I[]): O[][] {
  const runs: O[][] = [];
  for (let cut = 0; cut <= inputs.length; cut += 1) {
    const first = create();
    const before = inputs.slice(0, cut).map((input) => first.derive(input));
    const second = create(JSON.parse(JSON.stringify(first.state())) as S);
    runs.push([...before, ...inputs.slice(cut).map((input) => second.derive(input))]);
  }
  return runs;
}
