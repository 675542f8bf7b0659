import { describe, expect, it } from 'vitest';
import { createSequenceTracker } from './sequence-tracker.js';

describe('sequence tracker', () => {
  it('follows 0–255 with wrap-around and reports gaps', () => {
    const t = createSequenceTracker(false);
    t.start(254);
    expect([255, 0, 1].map((s) => t.observe(s))).toEqual(['next', 'next', 'next']);
    expect(t.observe(3)).toBe('gap');
    expect(t.observe(4)).toBe('next');
    expect(t.observe(4)).toBe('gap'); // a repeat is a gap too (255 messages "missing")
    expect(t.missing).toBe(0);
  });

  it('with a reorder window, remembers skipped numbers until they arrive late', () => {
    const t = createSequenceTracker(true);
    t.start(0);
    expect(t.observe(1)).toBe('next');
    expect(t.observe(4)).toBe('gap');
    expect(t.missing).toBe(2);
    expect(t.observe(3)).toBe('late');
    expect(t.observe(5)).toBe('next');
    expect(t.missing).toBe(1);
    expect(t.observe(2)).toBe('late');
    expect(t.missing).toBe(0);
    t.observe(9);
    expect(t.missing).toBe(3);
    t.clearMissing();
    expect(t.missing).toBe(0);
  });

  it('a birth without seq lets the next message start the sequence', () => {
    const t = createSequenceTracker(false);
    t.start(undefined);
    expect(t.observe(42)).toBe('next');
    expect(t.observe(43)).toBe('next');
  });
});
