/** Tolerance against floating-point error in `k · 1000 / rate`. */
const EPSILON = 1e-7;

/** Source time of sample `k` of a signal at `rate` samples per second: `startTime + ⌊k · 1000 / rate⌋` ms. */
export function sampleTime(startTime: number, rate: number, k: number): number {
  return startTime + Math.floor((k * 1000) / rate + EPSILON);
}

/** The first sample index whose time is after `time` (0 when `time` is before the start). */
export function firstIndexAfter(startTime: number, rate: number, time: number): number {
  if (time < startTime) return 0;
  let k = Math.max(0, Math.floor(((time - startTime) * rate) / 1000) - 1);
  while (sampleTime(startTime, rate, k) <= time) k += 1;
  return k;
}
