import { describe, expect, it } from 'vitest';
import { expectRongtongError } from '../store/helpers.js';
import { type OpenOutbox, bytesOf, enqueueAll } from './checks.js';
import { testRecord } from './fixtures.js';
import { DEFAULT_TEST_QUOTA } from './harness.js';

/** The pipeline's checkpoint: saved with the data, merged per signal, kept across a restart. */
export function checkpointContract(open: OpenOutbox, durable: boolean): void {
  describe('checkpoint', () => {
    it('starts empty', async () => {
      const { outbox } = await open();
      expect(await outbox.checkpoint()).toEqual({ sourceTimes: {} });
    });

    it('saves the checkpoint of an enqueue with it and merges per signal, never moving a time back', async () => {
      const { outbox } = await open();
      const [a, b] = [testRecord(1), testRecord(2)];
      await outbox.enqueue(a.payload, a.meta, { sourceTimes: { 'm1/temp': 1000, 'm1/good': 900 } });
      await outbox.enqueue(b.payload, b.meta, { sourceTimes: { 'm1/temp': 2000, 'm1/good': 800, 'm2/state': 5 } });
      expect(await outbox.checkpoint()).toEqual({ sourceTimes: { 'm1/temp': 2000, 'm1/good': 900, 'm2/state': 5 } });
      expect((await outbox.stats()).pendingRecords).toBe(2);
    });

    it('saves a checkpoint without data; a given deriver state replaces the saved one, an absent one keeps it', async () => {
      const { outbox } = await open();
      await outbox.saveCheckpoint({ sourceTimes: { s: 10 }, deriverState: '{"v":1}' });
      await outbox.saveCheckpoint({ sourceTimes: { s: 20 } });
      expect(await outbox.checkpoint()).toEqual({ sourceTimes: { s: 20 }, deriverState: '{"v":1}' });
      await outbox.saveCheckpoint({ sourceTimes: {}, deriverState: '{"v":2}' });
      expect(await outbox.checkpoint()).toEqual({ sourceTimes: { s: 20 }, deriverState: '{"v":2}' });
      expect((await outbox.stats()).pendingRecords).toBe(0);
    });

    it('advances the checkpoint even when the quota discards the data it came with (the gap record reports it)', async () => {
      const records = [1, 2, 3].map((n) => testRecord(n));
      const { outbox } = await open({ quota: { ...DEFAULT_TEST_QUOTA, maxBytes: bytesOf(records.slice(1)) } });
      await enqueueAll(outbox, records.slice(0, 2));
      await outbox.enqueue(records[2]!.payload, records[2]!.meta, { sourceTimes: { s: 30 } });
      const stats = await outbox.stats();
      expect(stats.dropped.batches).toBe(1);
      expect(await outbox.checkpoint()).toEqual({ sourceTimes: { s: 30 } });
    });

    it('refuses an invalid checkpoint (INVALID_ARGUMENT) and stores neither it nor the data', async () => {
      const { outbox } = await open();
      const r = testRecord(1);
      const bad = [
        { sourceTimes: { s: 1.5 } },
        { sourceTimes: { '': 1 } },
        { sourceTimes: { s: Number.NaN } },
        { sourceTimes: [] as unknown as Record<string, number> },
        { sourceTimes: {}, deriverState: 7 as unknown as string },
      ];
      for (const checkpoint of bad) {
        await expectRongtongError(outbox.enqueue(r.payload, r.meta, checkpoint), 'INVALID_ARGUMENT');
        await expectRongtongError(outbox.saveCheckpoint(checkpoint), 'INVALID_ARGUMENT');
      }
      expect(await outbox.checkpoint()).toEqual({ sourceTimes: {} });
      expect((await outbox.stats()).pendingRecords).toBe(0);
    });

    if (durable) {
      it('keeps the checkpoint and the deriver state across a restart', async () => {
        const opened = await open();
        const r = testRecord(1);
        await opened.outbox.enqueue(r.payload, r.meta, { sourceTimes: { a: 1, b: 2 }, deriverState: 'state' });
        const reopened = await opened.restart();
        expect(await reopened.checkpoint()).toEqual({ sourceTimes: { a: 1, b: 2 }, deriverState: 'state' });
      });
    }
  });
}
