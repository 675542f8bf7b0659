/**
 * The `p`-th percentile (0–100) of `values`, by linear interpolation between the closest
 * ranks (the "R-7" / spreadsheet `PERCENTILE.INC` method): with the finite values sorted
 * ascending as v[0..n−1], rank h = (n − 1) · p / 100 and the result is
 * v[⌊h⌋] + (h − ⌊h⌋) · (v[⌊h⌋+1] − v[⌊h⌋]).
 *
 * Non-finite values are left out; with no finite value the result is `undefined`.
 * The default `p = 50` is the median.
 *
 * @throws RangeError if `p` is not a number in [0, 100].
 */
export function percentile(values: readonly number[], p = 50): number | undefined {
  if (!(Number.isFinite(p) && p >= 0 && p <= 100)) throw new RangeError(`percentile p must be in [0, 100], got ${p}`);
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const rank = ((sorted.length - 1) * p) / 100;
  const lower = Math.floor(rank);
  const low = sorted[lower] as number;
  const high = sorted[Math.min(lower + 1, sorted.length - 1)] as number;
  return low + (rank - lower) * (high - low);
}
