import { describe, expect, it } from 'vitest';
import { plain } from '../store/helpers.js';
import { type OpenOutbox, bytesOf, enqueueAll, expectChain, sealAll, seqRange, seqsOf } from './checks.js';
import { testRecord } from './fixtures.js';
import { AGENT_T0, DEFAULT_TEST_QUOTA } from './harness.js';

/** What survives a restart (close, then reopen from storage). */
export function durabilityContract(open: OpenOutbox): void {
  describe('restart', () => {
    it('keeps sealed, unacknowledged batches byte for byte and continues the chain after a restart', async () => {
      const opened = await open();
      const { clock, publicKey } = opened;
      await enqueueAll(opened.outbox, [1, 2, 3].map((n) => testRecord(n)));
      const before = await opened.outbox.seal(3, { now: clock.time });
      const reopened = await opened.restart();
      expect(plain(await reopened.sealed(0n, 10))).toEqual(plain(before));
      await enqueueAll(reopened, [4, 5].map((n) => testRecord(n)));
      const after = await reopened.seal(10, { now: clock.time });
      expect(seqsOf(after)).toEqual(seqRange(4, 5));
      expectChain([...before, ...after], publicKey);
      await reopened.acknowledge(2n);
      const again = await opened.restart();
      expect(plain(await again.sealed(0n, 10))).toEqual(plain([...before, ...after].slice(2)));
      expectChain(await again.sealed(0n, 10), publicKey, { seq: 2n, digest: before[1]!.digest });
    });

    it('keeps pending records, the gap summary, positions and dropped totals across a restart', async () => {
      const records = [1, 2, 3, 4].map((n) => testRecord(n));
      const opened = await open({ quota: { ...DEFAULT_TEST_QUOTA, maxBytes: bytesOf(records.slice(2)) } });
      const { clock, publicKey } = opened;
      await enqueueAll(opened.outbox, [testRecord(10)]);
      const first = await opened.outbox.seal(1, { now: clock.time });
      await opened.outbox.acknowledge(1n);
      await enqueueAll(opened.outbox, records);
      const stats = await opened.outbox.stats();
      expect(stats).toEqual({
        pendingRecords: 2,
        pendingBytes: bytesOf(records.slice(2)),
        oldestPendingTime: AGENT_T0,
        sealedBatches: 0,
        lastSealedSeq: 1n,
        lastAckedSeq: 1n,
        dropped: { samples: 4, batches: 2, bytes: bytesOf(records.slice(0, 2)) },
        gapPending: true,
      });
      const reopened = await opened.restart();
      expect(await reopened.stats()).toEqual(stats);
      const sealed = await sealAll(reopened, clock.time);
      expect(sealed.map((b) => [b.seq, b.kind])).toEqual([
        [2n, 'gap'],
        [3n, 'data'],
        [4n, 'data'],
      ]);
      expect(plain(sealed.slice(1).map((b) => b.payload))).toEqual(plain(records.slice(2).map((r) => r.payload)));
      expectChain([...first, ...sealed], publicKey);
      expect(await reopened.resume(1n, first[0]!.digest)).toEqual({ ok: true, resendFrom: 2n });
    });
  });
}
