import { describe, expect, it } from 'vitest';
import { GENESIS_PREV_HASH } from '@rongtong/core';
import { expectRongtongError, plain } from '../store/helpers.js';
import { EMPTY_STATS, type OpenOutbox, bytesOf, enqueueAll, expectChain, samplesOf, seqRange, seqsOf } from './checks.js';
import { testRecord } from './fixtures.js';
import { AGENT_T0 } from './harness.js';

/** Enqueue, seal, sealed, acknowledge, stats, close and argument checks. */
export function basicContract(open: OpenOutbox): void {
  describe('enqueue, seal, acknowledge', () => {
    it('starts empty: nothing pending, sealed or dropped', async () => {
      const { outbox, config } = await open();
      expect(outbox.agentId).toBe(config.agentId);
      expect(outbox.sharingLevel).toBe('SHARING_LEVEL_RAW');
      expect(await outbox.stats()).toEqual(EMPTY_STATS);
      expect(await outbox.seal(10, { now: AGENT_T0 })).toEqual([]);
      expect(await outbox.sealed(0n, 10)).toEqual([]);
      expect(await outbox.stats()).toEqual(EMPTY_STATS);
    });

    it('keeps enqueued records pending and seals them from genesis, byte for byte, signed and chained', async () => {
      const { outbox, clock, publicKey, config } = await open();
      const records = [testRecord(1), testRecord(2, { signals: ['sig-a', 'sig-b'] }), testRecord(3, { samplesPerSignal: 5 })];
      await enqueueAll(outbox, records);
      expect(await outbox.stats()).toEqual({
        ...EMPTY_STATS,
        pendingRecords: 3,
        pendingBytes: bytesOf(records),
        oldestPendingTime: AGENT_T0,
      });
      clock.advance(1000);
      const sealed = await outbox.seal(10, { now: clock.time });
      expect(seqsOf(sealed)).toEqual(seqRange(1, 3));
      expect(plain(sealed[0]!.prevHash)).toEqual(GENESIS_PREV_HASH);
      expectChain(sealed, publicKey);
      sealed.forEach((b, i) => {
        const r = records[i]!;
        expect(b.agentId).toBe(config.agentId);
        expect(plain(b.payload)).toEqual(plain(r.payload));
        expect(b.signature.length).toBe(64);
        expect(b.digest.length).toBe(32);
        expect({ kind: b.kind, historical: b.historical, samples: b.samples, firstTime: b.firstTime, lastTime: b.lastTime }).toEqual({
          kind: 'data',
          historical: false,
          samples: r.meta.samples,
          firstTime: r.meta.firstTime,
          lastTime: r.meta.lastTime,
        });
        expect(b.sealTime).toBe(AGENT_T0 + 1000);
      });
      expect(samplesOf(records)).toBe(2 + 4 + 5);
      expect(await outbox.stats()).toEqual({ ...EMPTY_STATS, sealedBatches: 3, lastSealedSeq: 3n });
      expect(plain(await outbox.sealed(0n, 10))).toEqual(plain(sealed));
    });

    it('seals at most max per call and continues the chain across calls', async () => {
      const { outbox, clock, publicKey } = await open();
      await enqueueAll(outbox, [1, 2, 3, 4, 5].map((n) => testRecord(n)));
      const calls = [await outbox.seal(2, { now: clock.time }), await outbox.seal(2, { now: clock.time })];
      expect(await outbox.seal(0, { now: clock.time })).toEqual([]);
      calls.push(await outbox.seal(2, { now: clock.time }), await outbox.seal(2, { now: clock.time }));
      expect(calls.map((c) => c.length)).toEqual([2, 2, 1, 0]);
      const all = calls.flat();
      expect(seqsOf(all)).toEqual(seqRange(1, 5));
      expectChain(all, publicKey);
      expect(plain(all.map((b) => b.payload))).toEqual(plain([1, 2, 3, 4, 5].map((n) => testRecord(n).payload)));
    });

    it('lists sealed batches after a seq in seq order, at most limit', async () => {
      const { outbox, clock } = await open();
      await enqueueAll(outbox, [1, 2, 3, 4, 5].map((n) => testRecord(n)));
      const sealed = await outbox.seal(5, { now: clock.time });
      expect(seqsOf(await outbox.sealed(0n, 2))).toEqual(seqRange(1, 2));
      expect(seqsOf(await outbox.sealed(2n, 2))).toEqual(seqRange(3, 4));
      expect(seqsOf(await outbox.sealed(4n, 2))).toEqual(seqRange(5, 5));
      expect(await outbox.sealed(5n, 2)).toEqual([]);
      expect(await outbox.sealed(0n, 0)).toEqual([]);
      expect(plain(await outbox.sealed(1n, 10))).toEqual(plain(sealed.slice(1)));
    });

    it('acknowledges cumulatively: deletes up to the seq; older or repeated acks change nothing', async () => {
      const { outbox, clock } = await open();
      await enqueueAll(outbox, [1, 2, 3, 4, 5].map((n) => testRecord(n)));
      await outbox.seal(5, { now: clock.time });
      await outbox.acknowledge(3n);
      expect(seqsOf(await outbox.sealed(0n, 10))).toEqual(seqRange(4, 5));
      expect(await outbox.stats()).toEqual({ ...EMPTY_STATS, sealedBatches: 2, lastSealedSeq: 5n, lastAckedSeq: 3n });
      await outbox.acknowledge(3n);
      await outbox.acknowledge(1n);
      await outbox.acknowledge(0n);
      expect(seqsOf(await outbox.sealed(0n, 10))).toEqual(seqRange(4, 5));
      expect((await outbox.stats()).lastAckedSeq).toBe(3n);
      await outbox.acknowledge(5n);
      expect(await outbox.sealed(0n, 10)).toEqual([]);
      expect(await outbox.stats()).toEqual({ ...EMPTY_STATS, lastSealedSeq: 5n, lastAckedSeq: 5n });
    });

    it('refuses to acknowledge a seq it never sealed (FAILED_PRECONDITION) and changes nothing', async () => {
      const { outbox, clock } = await open();
      await enqueueAll(outbox, [1, 2].map((n) => testRecord(n)));
      await outbox.seal(2, { now: clock.time });
      await expectRongtongError(outbox.acknowledge(3n), 'FAILED_PRECONDITION');
      expect(seqsOf(await outbox.sealed(0n, 10))).toEqual(seqRange(1, 2));
      expect((await outbox.stats()).lastAckedSeq).toBe(0n);
    });

    it('refuses invalid arguments (INVALID_ARGUMENT) and changes nothing', async () => {
      const { outbox, clock } = await open();
      const r = testRecord(1);
      const bad: [string, () => Promise<unknown>][] = [
        ['empty payload', () => outbox.enqueue(new Uint8Array(0), r.meta)],
        ['negative samples', () => outbox.enqueue(r.payload, { ...r.meta, samples: -1 })],
        ['fractional samples', () => outbox.enqueue(r.payload, { ...r.meta, samples: 1.5 })],
        ['lastTime before firstTime', () => outbox.enqueue(r.payload, { ...r.meta, lastTime: r.meta.firstTime - 1 })],
        ['empty signal id', () => outbox.enqueue(r.payload, { ...r.meta, signalIds: [''] })],
        ['fractional firstTime', () => outbox.enqueue(r.payload, { ...r.meta, firstTime: r.meta.firstTime + 0.5 })],
        ['negative max', () => outbox.seal(-1, { now: clock.time })],
        ['fractional now', () => outbox.seal(1, { now: clock.time + 0.5 })],
        ['negative after', () => outbox.sealed(-1n, 10)],
        ['negative limit', () => outbox.sealed(0n, -1)],
        ['negative ack', () => outbox.acknowledge(-1n)],
        ['negative resume seq', () => outbox.resume(-1n, GENESIS_PREV_HASH)],
      ];
      for (const [, call] of bad) await expectRongtongError(call(), 'INVALID_ARGUMENT');
      expect(await outbox.stats()).toEqual(EMPTY_STATS);
    });

    it('rejects every call after close (UNAVAILABLE); close is idempotent', async () => {
      const { outbox, clock } = await open();
      await outbox.enqueue(testRecord(1).payload, testRecord(1).meta);
      await outbox.close();
      await outbox.close();
      const r = testRecord(2);
      const calls: (() => Promise<unknown>)[] = [
        () => outbox.enqueue(r.payload, r.meta),
        () => outbox.seal(1, { now: clock.time }),
        () => outbox.sealed(0n, 1),
        () => outbox.acknowledge(0n),
        () => outbox.resume(0n, GENESIS_PREV_HASH),
        () => outbox.stats(),
        () => outbox.checkpoint(),
        () => outbox.saveCheckpoint({ sourceTimes: {} }),
      ];
      for (const call of calls) await expectRongtongError(call(), 'UNAVAILABLE');
    });
  });
}
