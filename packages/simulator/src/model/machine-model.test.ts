import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MachineGroundTruth, TruthPeriod } from './ground-truth.js';
import { MACHINE_KINDS, type MachineKind } from './machine-kind.js';
import { createMachineModel, type MachineSnapshot } from './machine-model.js';

const HOUR = 3_600_000;
/** 05:17:23.456 UTC: not on an hour boundary, so the hourly split is exercised. */
const START = Date.UTC(2030, 0, 1, 5, 17, 23, 456);

const sum = (values: Readonly<Record<string, number>>): number => Object.values(values).reduce((a, b) => a + b, 0);

function expectPeriodConsistent(period: TruthPeriod, elapsedMs?: number): void {
  if (elapsedMs !== undefined) {
    expect(sum(period.stateMs)).toBe(elapsedMs);
    expect(sum(period.bucketMs)).toBe(elapsedMs);
  }
  for (const [state, modes] of Object.entries(period.stateModeMs)) expect(sum(modes)).toBe(period.stateMs[state]);
  expect(period.good + period.scrap).toBe(period.produced);
}

function expectTruthConsistent(truth: MachineGroundTruth): void {
  expect(Date.parse(truth.to) - Date.parse(truth.from)).toBe(truth.elapsedMs);
  expectPeriodConsistent(truth.totals, truth.elapsedMs);
  for (const hour of truth.hours) expectPeriodConsistent(hour, sum(hour.stateMs));
  // The hours add up to the totals.
  expect(truth.hours.reduce((a, h) => a + sum(h.stateMs), 0)).toBe(truth.elapsedMs);
  expect(truth.hours.reduce((a, h) => a + h.produced, 0)).toBe(truth.totals.produced);
  expect(truth.hours.reduce((a, h) => a + h.scrap, 0)).toBe(truth.totals.scrap);
  for (const h of truth.hours) expect(Date.parse(h.hour) % HOUR).toBe(0);
  // The jobs add up to the totals.
  expect(truth.jobs.reduce((a, j) => a + j.produced, 0)).toBe(truth.totals.produced);
  for (const job of truth.jobs) {
    expect(job.good + job.scrap).toBe(job.produced);
    if (job.end !== null) expect(job.produced).toBe(job.planned);
  }
}

function lifetimeCounter(kind: MachineKind): string {
  return { cnc: 'partsProducedInLifetime', packml: 'prodProcessedAccCount', legacy: 'machineCycleCounter' }[kind];
}

function jobCounter(kind: MachineKind): string {
  return { cnc: 'jobPartsCompleted', packml: 'prodProcessedCount', legacy: 'jobPartsCounter' }[kind];
}

describe('createMachineModel', () => {
  for (const kind of MACHINE_KINDS) {
    describe(kind, () => {
      it('gives the same ground truth for one 6 h step as for 21,600 steps of 1 s', () => {
        const one = createMachineModel({ kind, id: 'M1', seed: 7, startTime: START });
        const many = createMachineModel({ kind, id: 'M1', seed: 7, startTime: START });
        one.advance(6 * HOUR);
        for (let i = 0; i < 6 * 3600; i++) many.advance(1000);
        expect(many.groundTruth()).toEqual(one.groundTruth());
        expect(many.snapshot()).toEqual(one.snapshot());
      });

      it('depends on the seed and the machine id', () => {
        const truths = [
          { seed: 1, id: 'M1' },
          { seed: 2, id: 'M1' },
          { seed: 1, id: 'M2' },
        ].map((o) => {
          const m = createMachineModel({ kind, ...o, startTime: START });
          m.advance(12 * HOUR);
          return JSON.stringify(m.groundTruth().totals);
        });
        expect(new Set(truths).size).toBe(3);
      });

      it('keeps its ground truth consistent over two simulated days', () => {
        const m = createMachineModel({ kind, id: 'M1', seed: 3, startTime: START });
        m.advance(48 * HOUR);
        const truth = m.groundTruth();
        expectTruthConsistent(truth);
        expect(truth.totals.produced).toBeGreaterThan(0);
        expect(truth.totals.scrap).toBeGreaterThan(0);
        expect(truth.jobs.length).toBeGreaterThan(1);
        expect(truth.hours.length).toBe(49);
        const lifetime = lifetimeCounter(kind);
        const produced = kind === 'legacy' ? truth.totals.cycles : truth.totals.produced;
        expect((truth.counters[lifetime] ?? 0) - (truth.countersAtStart[lifetime] ?? 0)).toBe(produced);
      });

      it('resets job counters only when a new job is loaded; lifetime counters never go down', () => {
        const m = createMachineModel({ kind, id: 'M1', seed: 11, startTime: START });
        const lifetime = lifetimeCounter(kind);
        const job = jobCounter(kind);
        let previous: MachineSnapshot = m.snapshot();
        let resets = 0;
        const problems: string[] = [];
        m.advance(48 * HOUR, (s) => {
          const at = new Date(s.at).toISOString();
          if ((s.counters[lifetime] ?? 0) < (previous.counters[lifetime] ?? 0)) problems.push(`${at}: ${lifetime} went down`);
          if (s.job.id !== previous.job.id) {
            resets++;
            if (s.counters[job] !== 0) problems.push(`${at}: ${job} is not 0 after the job change`);
          } else if ((s.counters[job] ?? 0) < (previous.counters[job] ?? 0)) problems.push(`${at}: ${job} went down within job ${s.job.id}`);
          if (s.at < previous.at) problems.push(`${at}: time went back`);
          previous = s;
        });
        expect(problems).toEqual([]);
        expect(resets).toBe(m.groundTruth().jobs.length - 1);
        expect(resets).toBeGreaterThan(0);
      });

      it("shows every job's final counters before the next job resets them", () => {
        const m = createMachineModel({ kind, id: 'M1', seed: 11, startTime: START });
        const job = jobCounter(kind);
        let previous: MachineSnapshot = m.snapshot();
        const lastShown = new Map<string, number>();
        m.advance(48 * HOUR, (s) => {
          if (s.job.id !== previous.job.id) lastShown.set(previous.job.id, previous.counters[job] ?? 0);
          previous = s;
        });
        // The jobs a next one followed (the last ended one may be followed by maintenance still).
        const ended = m.groundTruth().jobs.slice(0, -1);
        expect(ended.length).toBeGreaterThan(1);
        // What a reader of the job counter saw last of each job is all the job made.
        expect(ended.map((j) => [j.id, lastShown.get(j.id)])).toEqual(ended.map((j) => [j.id, j.produced]));
      });
    });
  }

  it('walks the CNC through setup, processing, waits, faults, maintenance and off', () => {
    const m = createMachineModel({ kind: 'cnc', id: 'CNC1', seed: 5, startTime: START, params: { mtbfMs: HOUR, offChance: 0.3, maintenanceChance: 0.5 } });
    m.advance(14 * 24 * HOUR);
    const { stateModeMs } = m.groundTruth().totals;
    expect(stateModeMs.Executing?.Setup).toBeGreaterThan(0);
    expect(stateModeMs.Executing?.Processing).toBeGreaterThan(0);
    expect(stateModeMs.NotExecuting?.Processing).toBeGreaterThan(0);
    expect(stateModeMs.NotExecuting?.Maintenance).toBeGreaterThan(0);
    expect(stateModeMs.OutOfService?.Processing).toBeGreaterThan(0);
    expect(stateModeMs.NotAvailable?.None).toBeGreaterThan(0);
    expect(m.groundTruth().faults).toBeGreaterThan(0);
    expect(m.groundTruth().totals.bucketMs.aust).toBe(stateModeMs.Executing?.Setup);
  });

  it('walks the PackML line through all 17 states', () => {
    const m = createMachineModel({ kind: 'packml', id: 'PackML1', seed: 5, startTime: START, params: { jobQuantity: [500, 1500], mtbfMs: HOUR } });
    m.advance(3 * 24 * HOUR);
    expect(Object.keys(m.groundTruth().totals.stateMs).sort()).toEqual(
      ['Aborted', 'Aborting', 'Clearing', 'Complete', 'Completing', 'Execute', 'Held', 'Holding', 'Idle', 'Resetting', 'Starting', 'Stopped', 'Stopping', 'Suspended', 'Suspending', 'Unholding', 'Unsuspending'],
    );
  });

  it('makes the legacy machine scrap its first shots after a setup', () => {
    const m = createMachineModel({ kind: 'legacy', id: 'Legacy1', seed: 5, startTime: START, params: { startupScrapShots: [3, 3], scrapRate: 0, mtbfMs: 0 } });
    m.advance(48 * HOUR);
    for (const job of m.groundTruth().jobs.filter((j) => j.end !== null)) {
      expect(job.scrap).toBe((3 * job.produced) / job.cycles);
    }
  });

  it('rejects unknown or malformed parameters, naming them', () => {
    expect(() => createMachineModel({ kind: 'cnc', id: 'C', startTime: START, params: { nope: 1 } })).toThrow(/params\.nope/);
    expect(() => createMachineModel({ kind: 'cnc', id: 'C', startTime: START, params: { setupMs: [5, 1] } })).toThrow(/params\.setupMs/);
    expect(() => createMachineModel({ kind: 'cnc', id: 'C', startTime: START, params: { scrapRate: -1 } })).toThrow(/params\.scrapRate/);
  });

  it('refuses to go back in time', () => {
    const m = createMachineModel({ kind: 'cnc', id: 'C', startTime: START });
    m.advance(1000);
    expect(() => m.advanceTo(START)).toThrow(RangeError);
  });

  it('gives the same ground truth however the time is split (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...MACHINE_KINDS),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.array(fc.integer({ min: 0, max: 20 * 60_000 }), { minLength: 1, maxLength: 40 }),
        (kind, seed, steps) => {
          const whole = createMachineModel({ kind, id: 'P1', seed, startTime: START });
          const split = createMachineModel({ kind, id: 'P1', seed, startTime: START });
          whole.advance(steps.reduce((a, b) => a + b, 0));
          for (const ms of steps) split.advance(ms);
          expect(split.groundTruth()).toEqual(whole.groundTruth());
          expectTruthConsistent(whole.groundTruth());
        },
      ),
      { numRuns: 60 },
    );
  });
});
