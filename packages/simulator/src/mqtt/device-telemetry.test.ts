import { describe, expect, it } from 'vitest';
import { MACHINE_KINDS } from '../model/machine-kind.js';
import { createMachineModel } from '../model/machine-model.js';
import { createRng } from '../model/prng.js';
import { createDeviceTelemetry, type DeviceReading, type ReadingTrigger } from './device-telemetry.js';

const START = Date.parse('2030-01-01T00:00:00Z');
const HOUR = 3_600_000;

function run(kind: (typeof MACHINE_KINDS)[number], slices: readonly number[], intervalMs = 60_000): { readings: [DeviceReading, ReadingTrigger][]; totals: { produced: number; good: number; scrap: number } } {
  const model = createMachineModel({ kind, id: 'M1', seed: 7, startTime: START });
  const telemetry = createDeviceTelemetry(model, intervalMs);
  const readings: [DeviceReading, ReadingTrigger][] = [];
  let t = START;
  for (const ms of slices) {
    t += ms;
    telemetry.advanceTo(t, (reading, trigger) => readings.push([reading, trigger]));
  }
  const { produced, good, scrap } = model.groundTruth().totals;
  return { readings, totals: { produced, good, scrap } };
}

describe('createDeviceTelemetry', () => {
  it.each(MACHINE_KINDS)('%s: the same readings however the time is sliced', (kind) => {
    const whole = run(kind, [6 * HOUR]);
    const rng = createRng(`slices-${kind}`);
    const slices: number[] = [];
    for (let left = 6 * HOUR; left > 0; ) {
      const ms = Math.min(left, rng.int(1, 600_000));
      slices.push(ms);
      left -= ms;
    }
    expect(run(kind, slices).readings).toEqual(whole.readings);
  });

  it.each(MACHINE_KINDS)('%s: a reading at every state or mode change and every interval; the counters are the ground truth', (kind) => {
    const { readings, totals } = run(kind, [4 * HOUR], 30_000);
    const times = readings.map(([r]) => r.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const reports = readings.filter(([, trigger]) => trigger === 'report').map(([r]) => r.at);
    const states = new Set(readings.filter(([, trigger]) => trigger === 'state').map(([r]) => r.at));
    for (let t = START + 30_000; t <= START + 4 * HOUR; t += 30_000) expect(states.has(t) || reports.includes(t), `${t}`).toBe(true);
    readings.forEach(([r, trigger], i) => {
      if (trigger !== 'state') return;
      const previous = readings.slice(0, i).findLast(([, tr]) => tr === 'state')?.[0];
      if (previous !== undefined) expect(r.state !== previous.state || r.mode !== previous.mode).toBe(true);
    });
    const last = readings.at(-1)![0];
    expect(last.at).toBe(START + 4 * HOUR);
    expect({ produced: last.produced, good: last.good, scrap: last.scrap }).toEqual(totals);
    expect(last.produced).toBeGreaterThan(0);
    for (const [r] of readings) {
      expect(r.good + r.scrap).toBe(r.produced);
      expect(r.temperature).toBeGreaterThanOrEqual(22);
      expect(r.temperature).toBeLessThanOrEqual(45);
    }
  });
});
