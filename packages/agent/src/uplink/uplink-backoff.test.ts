import { describe, expect, it } from 'vitest';
import { DEFAULT_UPLINK_BACKOFF, resolveUplinkBackoff, uplinkBackoffMs } from './uplink-backoff.js';

describe('uplink backoff', () => {
  const options = { initialMs: 100, maxMs: 1000, multiplier: 2, jitter: 0.5 };

  it('grows exponentially up to the cap', () => {
    const top = () => 0;
    expect([0, 1, 2, 3, 4, 10].map((a) => uplinkBackoffMs(a, options, top))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('jitter only shortens a delay, by at most the jitter fraction', () => {
    expect(uplinkBackoffMs(0, options, () => 0.999999)).toBeCloseTo(50, 3);
    expect(uplinkBackoffMs(20, options, () => 0.5)).toBe(750);
  });

  it('resolves defaults and rejects bad fields with INVALID_ARGUMENT', () => {
    expect(resolveUplinkBackoff()).toEqual(DEFAULT_UPLINK_BACKOFF);
    expect(resolveUplinkBackoff({ maxMs: 5000 }).maxMs).toBe(5000);
    expect(() => resolveUplinkBackoff({ multiplier: 0.5, jitter: 2 })).toThrow(/backoff\.multiplier.*backoff\.jitter/);
  });
});
