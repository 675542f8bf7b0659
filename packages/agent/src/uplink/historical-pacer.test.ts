import { describe, expect, it } from 'vitest';
import { createHistoricalPacer } from './historical-pacer.js';

describe('historical pacer', () => {
  it('allows one second of burst, then refills at the rate', () => {
    let t = 0;
    const pacer = createHistoricalPacer(10, () => t);
    expect(pacer.available()).toBe(10);
    pacer.take(10);
    expect(pacer.available()).toBe(0);
    expect(pacer.msUntilToken()).toBe(100);
    t = 250;
    expect(pacer.available()).toBe(2);
    t = 10_000;
    expect(pacer.available()).toBe(10);
  });
});
