import { describe, expect, it } from 'vitest';
import type { Outbox, SealedBatch } from '@rongtong/agent';
import { GENESIS_PREV_HASH } from '@rongtong/core';
import { type OpenOutbox, enqueueAll, seqRange, seqsOf } from './checks.js';
import { testRecord } from './fixtures.js';

/** An outbox with batches 1…`sealed` sealed and 1…`acked` acknowledged. */
async function chainOf(open: OpenOutbox, sealed: number, acked: number): Promise<{ outbox: Outbox; batches: SealedBatch[] }> {
  const { outbox, clock } = await open();
  await enqueueAll(outbox, Array.from({ length: sealed }, (_, i) => testRecord(i + 1)));
  const batches = await outbox.seal(sealed, { now: clock.time });
  if (acked > 0) await outbox.acknowledge(BigInt(acked));
  return { outbox, batches };
}

/** Expects no change: still sealed through `lastSealed`, acknowledged through `lastAcked`. */
async function expectPositions(outbox: Outbox, lastSealed: number, lastAcked: number): Promise<void> {
  const stats = await outbox.stats();
  expect([stats.lastSealedSeq, stats.lastAckedSeq]).toEqual([BigInt(lastSealed), BigInt(lastAcked)]);
  expect(seqsOf(await outbox.sealed(0n, 100))).toEqual(seqRange(lastAcked + 1, lastSealed));
}

const digestOf = (batches: readonly SealedBatch[], seq: number) => batches[seq - 1]!.digest;

/** `resume` from the platform's Welcome: behind, equal, ahead, diverged. */
export function resumeContract(open: OpenOutbox): void {
  describe('resume from the platform welcome', () => {
    it('starts a new chain at seq 1 when the platform has nothing (seq 0, genesis digest)', async () => {
      const { outbox } = await open();
      expect(await outbox.resume(0n, GENESIS_PREV_HASH)).toEqual({ ok: true, resendFrom: 1n });
      const { outbox: busy } = await chainOf(open, 2, 0);
      expect(await busy.resume(0n, GENESIS_PREV_HASH)).toEqual({ ok: true, resendFrom: 1n });
      await expectPositions(busy, 2, 0);
    });

    it('platform behind the last sealed seq: acknowledges up to its seq and resends the rest', async () => {
      const { outbox, batches } = await chainOf(open, 4, 1);
      expect(await outbox.resume(2n, digestOf(batches, 2))).toEqual({ ok: true, resendFrom: 3n });
      await expectPositions(outbox, 4, 2);
    });

    it('platform equal to the last sealed seq: acknowledges everything, nothing to resend', async () => {
      const { outbox, batches } = await chainOf(open, 4, 1);
      expect(await outbox.resume(4n, digestOf(batches, 4))).toEqual({ ok: true, resendFrom: 5n });
      await expectPositions(outbox, 4, 4);
    });

    it('platform at the last acknowledged seq with its digest: ok', async () => {
      const { outbox, batches } = await chainOf(open, 4, 3);
      expect(await outbox.resume(3n, digestOf(batches, 3))).toEqual({ ok: true, resendFrom: 4n });
      await expectPositions(outbox, 4, 3);
    });

    it('platform ahead of the last sealed seq: not ok (PLATFORM_AHEAD), nothing changed', async () => {
      const { outbox, batches } = await chainOf(open, 4, 1);
      const result = await outbox.resume(5n, digestOf(batches, 4));
      expect(result).toMatchObject({ ok: false, reason: 'PLATFORM_AHEAD' });
      expect(result.ok ? '' : result.message).toContain('5');
      await expectPositions(outbox, 4, 1);
      const { outbox: fresh } = await open();
      expect(await fresh.resume(1n, digestOf(batches, 1))).toMatchObject({ ok: false, reason: 'PLATFORM_AHEAD' });
    });

    it('a different digest at the platform seq: not ok (DIGEST_MISMATCH), nothing changed', async () => {
      const { outbox, batches } = await chainOf(open, 4, 1);
      expect(await outbox.resume(3n, digestOf(batches, 2))).toMatchObject({ ok: false, reason: 'DIGEST_MISMATCH' });
      expect(await outbox.resume(4n, new Uint8Array(32).fill(7))).toMatchObject({ ok: false, reason: 'DIGEST_MISMATCH' });
      expect(await outbox.resume(1n, digestOf(batches, 2))).toMatchObject({ ok: false, reason: 'DIGEST_MISMATCH' });
      await expectPositions(outbox, 4, 1);
      const { outbox: unacked, batches: others } = await chainOf(open, 2, 0);
      expect(await unacked.resume(0n, digestOf(others, 1))).toMatchObject({ ok: false, reason: 'DIGEST_MISMATCH' });
      await expectPositions(unacked, 2, 0);
    });

    it('platform behind a seq it acknowledged: not ok (ACKNOWLEDGED_DATA_MISSING), nothing changed', async () => {
      const { outbox, batches } = await chainOf(open, 4, 3);
      expect(await outbox.resume(1n, digestOf(batches, 1))).toMatchObject({ ok: false, reason: 'ACKNOWLEDGED_DATA_MISSING' });
      await expectPositions(outbox, 4, 3);
    });
  });
}
