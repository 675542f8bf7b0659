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

  it("adds a source's non-zero error and drop counters to its line", () => {
    const snap = { ...sampleSnapshot(), sources: [{ id: 'bus', kind: 'mqtt', state: 'connected' as const, counters: { messages: 40, payload_errors_not_json: 3, payload_errors_wrong_type: 0, dropped_samples: 5 } }] };
    expect(formatStatusSummary(snap, readinessOf(snap))[2]).toBe('  bus (mqtt): connected; payload_errors_not_json 3, dropped_samples 5');
  });

  it('formats ages', () => {
    expect([850, 12_000, 245_000, 12_000_000].map(formatAge)).toEqual(['850ms', '12s', '4m 05s', '3h 20m']);
  });
});
