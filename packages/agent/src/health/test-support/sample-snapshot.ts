import type { AgentSnapshot, UplinkSnapshot } from '../agent-snapshot.js';

/** A ready agent: one connected source, one connected raw uplink with a small backlog. */
export function sampleSnapshot(): AgentSnapshot {
  return {
    time: 1_700_000_010_000,
    sources: [{ id: 'plc1', kind: 'generator', state: 'connected', counters: {} }],
    uplinks: [sampleUplink()],
    unknownSignalSamples: 3,
    dropped: { samples: 5, batches: 1, bytes: 120 },
  };
}

/** A connected raw uplink `main`; `overrides` replace fields. */
export function sampleUplink(overrides: Partial<UplinkSnapshot> = {}): UplinkSnapshot {
  return {
    name: 'main',
    sharing: 'raw',
    state: 'connected',
    lastAckSeq: '42',
    lastAckTime: 1_700_000_008_500,
    inFlight: 2,
    rejects: { INVALID_SIGNATURE: 1 },
    fatal: null,
    backlog: { pendingRecords: 7, pendingBytes: 2048, oldestPendingAgeMs: 1500, sealedUnacked: 1 },
    dropped: { samples: 5, batches: 1, bytes: 120 },
    replayedSamples: 40,
    enqueueErrors: 0,
    ...overrides,
  };
}
