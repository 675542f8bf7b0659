import { describe, expect, it } from 'vitest';
import type { SealedBatch } from '@rongtong/agent';
import { plain } from '../store/helpers.js';
import { EMPTY_STATS, type OpenOutbox, bytesOf, enqueueAll, expectChain, samplesOf, sealAll, seqRange, seqsOf } from './checks.js';
import { GAP_REASON_OUTBOX_QUOTA, type TestRecord, testRecord, viewPayload } from './fixtures.js';
import { AGENT_T0, DEFAULT_TEST_QUOTA } from './harness.js';

/** Expects `batch` to be the gap-only batch reporting exactly the loss of `dropped`, sealed at `now`. */
function expectGapBatch(batch: SealedBatch | undefined, dropped: readonly TestRecord[], now: number, level = 1): void {
  const start = Math.min(...dropped.map((r) => r.meta.firstTime));
  const end = Math.max(...dropped.map((r) => r.meta.lastTime)) + 1;
  const signals = dropped.some((r) => r.meta.signalIds.length === 0) ? [] : [...new Set(dropped.flatMap((r) => r.meta.signalIds))].sort();
  expect(batch && { kind: batch.kind, historical: batch.historical, samples: batch.samples, firstTime: batch.firstTime, lastTime: batch.lastTime }).toEqual({
    kind: 'gap',
    historical: false,
    samples: 0,
    firstTime: start,
    lastTime: end,
  });
  const view = viewPayload(batch!.payload);
  expect({ fields: view.fieldNumbers, level: view.sharingLevel, createTime: view.createTime, historical: view.historical }).toEqual({
    fields: [1, 2, 9],
    level,
    createTime: now,
    historical: false,
  });
  expect(view.gaps).toEqual([
    {
      startTime: start,
      endTime: end,
      reason: GAP_REASON_OUTBOX_QUOTA,
      samplesDropped: BigInt(samplesOf(dropped)),
      batchesDropped: BigInt(dropped.length),
      bytesDropped: BigInt(bytesOf(dropped)),
      signalIds: signals,
    },
  ]);
}

/** The quota of the pending stage: oldest data discarded, reported once as a gap with exact counts. */
export function quotaContract(open: OpenOutbox): void {
  describe('quota and gap records', () => {
    it('discards the oldest pending records beyond maxBytes and seals exactly one gap batch first, with exact counts, range and signals', async () => {
      const dropped = [testRecord(1, { signals: ['sig-b', 'sig-a'] }), testRecord(2, { signals: ['sig-c'], samplesPerSignal: 3 })];
      const kept = [testRecord(3), testRecord(4), testRecord(5)];
      const { outbox, clock, publicKey } = await open({ quota: { ...DEFAULT_TEST_QUOTA, maxBytes: bytesOf(kept) } });
      for (const r of [...dropped, ...kept]) {
        await outbox.enqueue(r.payload, r.meta);
        clock.advance(100);
      }
      expect(await outbox.stats()).toEqual({
        ...EMPTY_STATS,
        pendingRecords: 3,
        pendingBytes: bytesOf(kept),
        oldestPendingTime: AGENT_T0 + 200,
        dropped: { samples: 7, batches: 2, bytes: bytesOf(dropped) },
        gapPending: true,
      });
      const sealed = await outbox.seal(10, { now: clock.time });
      expect(seqsOf(sealed)).toEqual(seqRange(1, 4));
      expectChain(sealed, publicKey);
      expectGapBatch(sealed[0], dropped, clock.time);
      expect(plain(sealed.slice(1).map((b) => b.payload))).toEqual(plain(kept.map((r) => r.payload)));
      expect(await outbox.stats()).toEqual({
        ...EMPTY_STATS,
        sealedBatches: 4,
        lastSealedSeq: 4n,
        dropped: { samples: 7, batches: 2, bytes: bytesOf(dropped) },
      });
      expect(await outbox.seal(10, { now: clock.time })).toEqual([]);
    });

    it('discards pending records older than maxAgeMs at the next enqueue', async () => {
      const { outbox, clock } = await open({ quota: { ...DEFAULT_TEST_QUOTA, maxAgeMs: 60_000 } });
      const [old, younger, fresh] = [testRecord(1), testRecord(2), testRecord(3)] as const;
      await outbox.enqueue(old.payload, old.meta);
      clock.advance(30_000);
      await outbox.enqueue(younger.payload, younger.meta);
      clock.advance(30_001);
      await outbox.enqueue(fresh.payload, fresh.meta);
      const stats = await outbox.stats();
      expect([stats.pendingRecords, stats.oldestPendingTime, stats.dropped, stats.gapPending]).toEqual([
        2,
        AGENT_T0 + 30_000,
        { samples: old.meta.samples, batches: 1, bytes: old.payload.length },
        true,
      ]);
      const sealed = await sealAll(outbox, clock.time);
      expectGapBatch(sealed[0], [old], clock.time);
      expect(sealed.map((b) => [b.kind, b.firstTime, b.historical])).toEqual([
        ['gap', old.meta.firstTime, false],
        ['data', fresh.meta.firstTime, false],
        ['data', younger.meta.firstTime, true],
      ]);
    });

    it('accumulates losses into one summary until sealed; seal(1) seals only the gap batch; later losses make a new one', async () => {
      const records = [1, 2, 3, 4, 5].map((n) => testRecord(n));
      const { outbox, clock, publicKey } = await open({ quota: { ...DEFAULT_TEST_QUOTA, maxBytes: records[0]!.payload.length } });
      await enqueueAll(outbox, records.slice(0, 3));
      const gapOnly = await outbox.seal(1, { now: clock.time });
      expect(gapOnly).toHaveLength(1);
      expectGapBatch(gapOnly[0], records.slice(0, 2), clock.time);
      const third = await outbox.seal(1, { now: clock.time });
      expect(plain(third.map((b) => b.payload))).toEqual([plain(records[2]!.payload)]);
      await enqueueAll(outbox, records.slice(3));
      clock.advance(5);
      const rest = await sealAll(outbox, clock.time);
      expectGapBatch(rest[0], [records[3]!], clock.time);
      expect(plain(rest.slice(1).map((b) => b.payload))).toEqual([plain(records[4]!.payload)]);
      expectChain([...gapOnly, ...third, ...rest], publicKey);
      expect((await outbox.stats()).dropped).toEqual({ samples: samplesOf(records.slice(0, 2)) + records[3]!.meta.samples, batches: 3, bytes: bytesOf([records[0]!, records[1]!, records[3]!]) });
    });

    it('discards a record that alone exceeds maxBytes (with everything older) and still resolves', async () => {
      const small = testRecord(1);
      const big = testRecord(2, { signals: ['sig-a', 'sig-b', 'sig-c'], samplesPerSignal: 10 });
      const { outbox, clock } = await open({ quota: { ...DEFAULT_TEST_QUOTA, maxBytes: big.payload.length - 1 } });
      await enqueueAll(outbox, [small, big]);
      expect(await outbox.stats()).toEqual({
        ...EMPTY_STATS,
        dropped: { samples: small.meta.samples + 30, batches: 2, bytes: bytesOf([small, big]) },
        gapPending: true,
      });
      const sealed = await outbox.seal(10, { now: clock.time });
      expect(sealed).toHaveLength(1);
      expectGapBatch(sealed[0], [small, big], clock.time);
    });

    it('names no signals (all signals) when a discarded record was not signal-specific, and uses the outbox sharing level', async () => {
      const records = [1, 2, 3].map((n) => testRecord(n, { sharingLevel: 'SHARING_LEVEL_CAPACITY' }));
      const { outbox, clock } = await open({
        sharingLevel: 'SHARING_LEVEL_CAPACITY',
        quota: { ...DEFAULT_TEST_QUOTA, maxBytes: records[0]!.payload.length },
      });
      await enqueueAll(outbox, records);
      const sealed = await outbox.seal(10, { now: clock.time });
      expect(sealed.map((b) => b.kind)).toEqual(['gap', 'data']);
      expectGapBatch(sealed[0], records.slice(0, 2), clock.time, 3);
    });
  });
}
