import { describe, expect, it } from 'vitest';
import { readinessOf } from './readiness.js';
import { formatAge, formatStatusSummary } from './status-summary.js';
import { sampleSnapshot } from './test-support/sample-snapshot.js';

describe('status summary', () => {
  it('prints readiness, sources, uplinks and drops', () => {
    const snap = sampleSnapshot();
    expect(formatStatusSummary(snap, readinessOf(snap))).toEqual([
      'ready',
      'sources (1):',
      '  plc1 (generator): connected',
      'uplinks (1):',
      '  main (raw): connected, backlog 7 records / 2048 B (oldest 1s), 1 sealed unacked, last ack seq 42 1s ago, 2 in flight, rejects INVALID_SIGNATURE×1',
      'dropped: 5 samples, 1 batches, 120 B by quota; 3 samples of unknown signals',
    ]);
  });

  it('formats ages', () => {
    expect([850, 12_000, 245_000, 12_000_000].map(formatAge)).toEqual(['850ms', '12s', '4m 05s', '3h 20m']);
  });
});
