import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { OutboxStats } from '../outbox/outbox.js';
import type { UplinkFatal, UplinkStats } from '../uplink/uplink.js';
import { snapshotOf, watchUplinkFatal } from './agent-snapshot.js';

const backlog = (over: Partial<OutboxStats> = {}): OutboxStats => ({
  pendingRecords: 4,
  pendingBytes: 400,
  oldestPendingTime: 9_000,
  sealedBatches: 2,
  lastSealedSeq: 12n,
  lastAckedSeq: 10n,
  dropped: { samples: 3, batches: 1, bytes: 30 },
  gapPending: false,
  ...over,
});

/** The statistics an uplink reports (the shape of `Uplink.stats()`), as data. */
const stats = (over: Partial<UplinkStats> = {}): UplinkStats => ({
  state: 'connected',
  lastAckSeq: 10n,
  lastAckTime: 8_000,
  inFlight: 1,
  rejects: { BAD: 2 },
  reconnects: 0,
  backlog: backlog(),
  ...over,
});

describe('snapshotOf', () => {
  it('turns sources, uplink statistics and pipeline statistics into JSON-safe data', async () => {
    const snap = await snapshotOf({
      now: () => 10_000,
      sources: [
        { id: 'gen', kind: 'generator', state: 'connected' },
        { id: 'bus', kind: 'mqtt', state: 'backoff', counters: () => ({ messages: 9, payload_errors_not_json: 2 }) },
      ],
      uplinks: [
        { uplink: { name: 'a', stats: () => Promise.resolve(stats()) }, sharing: 'raw' },
        {
          uplink: { name: 'b', stats: () => Promise.resolve(stats({ state: 'closed', lastAckSeq: 0n, lastAckTime: undefined, backlog: backlog({ oldestPendingTime: undefined }) })) },
          sharing: 'kpi',
          fatal: () => ({ code: 'PLATFORM_AHEAD', message: 'enrol again' }),
        },
      ],
      pipeline: { stats: () => ({ samples: 100, unknownSamples: 7, batches: 3, enqueued: {}, errors: { a: 1 }, replayed: { a: 120 } }) },
    });
    expect(snap.time).toBe(10_000);
    expect(snap.sources).toEqual([
      { id: 'gen', kind: 'generator', state: 'connected', counters: {} },
      { id: 'bus', kind: 'mqtt', state: 'backoff', counters: { messages: 9, payload_errors_not_json: 2 } },
    ]);
    expect(snap.uplinks[0]).toEqual({
      name: 'a',
      sharing: 'raw',
      state: 'connected',
      lastAckSeq: '10',
      lastAckTime: 8_000,
      inFlight: 1,
      rejects: { BAD: 2 },
      fatal: null,
      backlog: { pendingRecords: 4, pendingBytes: 400, oldestPendingAgeMs: 1_000, sealedUnacked: 2 },
      dropped: { samples: 3, batches: 1, bytes: 30 },
      replayedSamples: 120,
      enqueueErrors: 1,
    });
    expect(snap.uplinks[1]).toMatchObject({ replayedSamples: 0, enqueueErrors: 0, lastAckSeq: '0', lastAckTime: null, fatal: { code: 'PLATFORM_AHEAD' }, backlog: { oldestPendingAgeMs: null } });
    expect(snap.unknownSignalSamples).toBe(7);
    expect(snap.dropped).toEqual({ samples: 6, batches: 2, bytes: 60 });
    expect(() => JSON.stringify(snap)).not.toThrow();
  });

  it('watchUplinkFatal remembers the fatal event', () => {
    const emitter = new EventEmitter();
    const fatal = watchUplinkFatal({ on: (event, listener) => (emitter.on(event, listener), undefined as never) });
    expect(fatal()).toBeUndefined();
    const f: UplinkFatal = { code: 'DIGEST_MISMATCH', message: 'diverged' };
    emitter.emit('fatal', f);
    expect(fatal()).toEqual(f);
  });
});
