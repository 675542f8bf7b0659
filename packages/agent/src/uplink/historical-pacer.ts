/**
 * A token bucket for historical batches: refills `ratePerSecond` tokens per second up to
 * `ratePerSecond` (one second of burst). Live batches never take tokens.
 */
export interface HistoricalPacer {
  /** Whole tokens available now. */
  available(): number;
  /** Takes `n` tokens (may go below zero; the deficit is paid back by refills). */
  take(n: number): void;
  /** Ms until one token is available (0 when one is). */
  msUntilToken(): number;
}

/** Creates a pacer on the clock `now` (ms). */
export function createHistoricalPacer(ratePerSecond: number, now: () => number): HistoricalPacer {
  let tokens = ratePerSecond;
  let last = now();
  const refill = (): void => {
    const t = now();
    tokens = Math.min(ratePerSecond, tokens + ((t - last) / 1000) * ratePerSecond);
    last = t;
  };
  return {
    available() {
      refill();
      return Math.floor(tokens);
    },
    take(n) {
      refill();
      tokens -= n;
    },
    msUntilToken() {
      refill();
      return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / ratePerSecond) * 1000);
    },
  };
}
