import { EquipmentConfigSchema, type EquipmentConfig } from '../../config/equipment-config.js';
import type { Sample, SampleValue } from '../../sources/sample.js';
import { testSignals } from './pipeline-config.js';

/** 2026-01-01 10:00 UTC: minute 0 of the capacity scenario. */
export const T = Date.UTC(2026, 0, 1, 10, 0, 0);
export const MIN = 60_000;
/** Time of minute `minute` after {@link T}. */
export const at = (minute: number) => T + minute * MIN;
/** A sample of `signalId` at minute `minute` after {@link T}. */
export const s = (signalId: string, minute: number, value: SampleValue | undefined, quality: Sample['quality'] = 'good'): Sample => ({
  signalId,
  sourceTime: at(minute),
  value,
  quality,
});

/** Machine m1 of `testSignals()`, ideal unit time 30 s (60 s for product p-slow, unused: no product tracking). */
export const m1: EquipmentConfig = EquipmentConfigSchema.parse({
  id: 'm1',
  name: '1号机',
  path: [{ level: 'site', id: 'cq-1', name: '重庆一厂' }],
  idealUnitTimes: [{ idealUnitTime: 30_000 }, { productId: 'p-slow', idealUnitTime: 60_000 }],
});

/** Signals and equipment of the capacity scenario. */
export const capacityConfig = { signals: testSignals(), equipment: [m1] };

/**
 * Four hours of machine m1 (minutes from 10:00 UTC), ideal unit time 30 s:
 *
 * - 10:00–11:00  APT 45 + 7, ADET 5, PDOT 3 (maintenance mode from 10:57) → PBT 57 min, TOTAL 114;
 *                counter 1000 → 1090: USED 90, UNUSED 24; confidence 1.
 * - 11:00–12:00  PDOT 3, APT 37, unknown 6 (bad state sample), ADOT 14 → PBT 57 min, TOTAL 114;
 *                counter 1090 → 1160 (last sample uncertain): USED 70, UNUSED 44;
 *                coverage 1 − 6/57 = 51/57, continuity 0.9.
 * - 12:00–13:00  ADOT 60, no counter sample at all → TOTAL 120, USED 0, UNUSED 120; confidence 1
 *                (the counter reported 11:xx and 13:xx; a standing machine counted nothing).
 * - 13:00–14:00  APT 60; counter 1160 → 1200, reset to 5, → 60: USED 40 + 5 + 55 = 100,
 *                TOTAL 120, UNUSED 20; one unexpected reset → continuity 0.5.
 *
 * The counters' first readings (09:59) only set their baselines: 09:00 has no state and is
 * skipped. The state reaches 14:07 and the counter 14:10, so all four hours close; 14:00 stays open.
 */
export const capacityStream: Sample[] = [
  s('m1/produced', -1, 1000n),
  s('m1/bad', -1, 0),
  s('m1/mode', 0, 'Processing'),
  s('m1/state', 0, 'Executing'),
  s('m1/produced', 30, 1050n),
  s('m1/state', 45, 'OutOfService'),
  s('m1/state', 50, 'Executing'),
  s('m1/mode', 57, 'Maintenance'),
  s('m1/produced', 59, 1090n),
  s('m1/bad', 59, 3),
  s('m1/mode', 63, 'Processing'),
  s('m1/produced', 70, 1100n),
  s('m1/produced', 90, 1160n, 'uncertain'),
  s('m1/state', 100, undefined, 'bad'),
  s('m1/state', 106, 'NotExecuting'),
  s('m1/temp', 120, 21.5),
  s('m1/state', 150, 'NotExecuting'),
  s('m1/state', 180, 'Executing'),
  s('m1/produced', 181, 1160n),
  s('m1/produced', 200, 1200n),
  s('m1/produced', 210, 5n),
  s('m1/produced', 239, 60n),
  s('m1/state', 245, 'Executing'),
  s('m1/state', 247, 'NotExecuting'),
  s('m1/produced', 250, 70n),
];
