import { describe, expect, it } from 'vitest';
import type { Store } from '@rongtong/platform';
import { GENESIS, batchDigest, batchRecord, bytes, feedEvent } from './fixtures.js';
import { enrolledAgent, seedEnterprises } from './enrollment-contract.js';
import type { StoreHarness } from './harness.js';
import { allEvents, expectRongtongError, plain } from './helpers.js';

const TA = 'tenant-a';

/** Tenants and enterprises, and agent agt-1 of ent-1 in tenant a. */
async function seedAgent(store: Store): Promise<void> {
  await seedEnterprises(store);
  await enrolledAgent(store, TA, 'ent-1', 'agt-1');
}

const eventsOf = (seq: bigint) => [
  feedEvent(TA, 'batch_committed', { enterpriseId: 'ent-1', seed: Number(seq % 200n) }),
  feedEvent(TA, 'production_count', { enterpriseId: 'ent-1', equipmentId: 'lathe-1', seed: 1 }),
];

/** Commits fixture batches 1…n of agt-1. */
async function commitChain(store: Store, n: number): Promise<void> {
  for (let seq = 1n; seq <= BigInt(n); seq += 1n) {
    expect((await store.commitBatch({ batch: batchRecord(TA, 'agt-1', seq), events: eventsOf(seq) })).status).toBe('committed');
  }
}

/** Nothing changed: the head, the stored batches and the events are as before. */
async function expectUnchanged(store: Store, lastSeq: bigint, events: number): Promise<void> {
  const agent = await store.getAgent(TA, 'agt-1');
  expect(agent?.lastSeq).toBe(lastSeq);
  expect(plain(agent?.lastDigest)).toEqual(lastSeq === 0n ? GENESIS : batchDigest('agt-1', lastSeq));
  expect((await store.getBatches(TA, 'agt-1', 0n, 1000n)).map((b) => b.seq)).toEqual(Array.from({ length: Number(lastSeq) }, (_, i) => BigInt(i + 1)));
  expect(await allEvents(store, TA)).toHaveLength(events);
}

/** Batches: the chain check, replays, refusals that store nothing, ranges, big sequence numbers. */
export function batchContract(h: StoreHarness): void {
  describe('batches', () => {
    it('commits the next batch byte for byte, moves the head and appends its events after it, in order', async () => {
      await seedAgent(h.store);
      const before = await h.store.lastEventSeq();
      const batch = batchRecord(TA, 'agt-1', 1n, { historical: true, sharingLevel: 'raw', payload: bytes(70_000, 3) });
      const result = await h.store.commitBatch({ batch, events: eventsOf(1n) });
      const events = (await allEvents(h.store, TA)).filter((e) => e.seq > before);
      expect(plain(events.map(({ seq: _, ...e }) => e))).toEqual(eventsOf(1n));
      expect(result).toEqual({ status: 'committed', lastEventSeq: events[1]!.seq });
      expect(await h.store.lastEventSeq()).toBe(events[1]!.seq);
      expect(plain(await h.store.getBatches(TA, 'agt-1', 1n, 1n))).toEqual([batch]);
      const agent = await h.store.getAgent(TA, 'agt-1');
      expect(agent?.lastSeq).toBe(1n);
      expect(plain(agent?.lastDigest)).toEqual(batch.digest);
      expect(agent?.lastBatchTime).toBe(batch.commitTime);
    });

    it('answers a replay of a stored batch with duplicate and writes nothing', async () => {
      await seedAgent(h.store);
      await commitChain(h.store, 3);
      const events = (await allEvents(h.store, TA)).length;
      expect(await h.store.commitBatch({ batch: batchRecord(TA, 'agt-1', 2n), events: eventsOf(2n) })).toEqual({ status: 'duplicate' });
      expect(await h.store.commitBatch({ batch: batchRecord(TA, 'agt-1', 3n), events: eventsOf(3n) })).toEqual({ status: 'duplicate' });
      await expectUnchanged(h.store, 3n, events);
    });

    it('refuses a stored seq with another digest, a gap, a broken prev_hash and a wrong first batch as out_of_order, storing nothing', async () => {
      await seedAgent(h.store);
      const out = (lastSeq: bigint) => ({ status: 'out_of_order', lastSeq, lastDigest: lastSeq === 0n ? GENESIS : batchDigest('agt-1', lastSeq) });
      const commit = async (seq: bigint, overrides = {}) => plain(await h.store.commitBatch({ batch: batchRecord(TA, 'agt-1', seq, overrides), events: eventsOf(seq) }));
      const base = (await allEvents(h.store, TA)).length;
      expect(await commit(2n)).toEqual(out(0n));
      expect(await commit(1n, { prevHash: bytes(32, 1) })).toEqual(out(0n));
      expect(await commit(0n, { prevHash: GENESIS })).toEqual(out(0n));
      await expectUnchanged(h.store, 0n, base);
      await commitChain(h.store, 2);
      expect(await commit(2n, { digest: bytes(32, 9) })).toEqual(out(2n));
      expect(await commit(4n)).toEqual(out(2n));
      expect(await commit(3n, { prevHash: batchDigest('agt-1', 1n) })).toEqual(out(2n));
      await expectUnchanged(h.store, 2n, base + 4);
      expect(plain(await h.store.getBatches(TA, 'agt-1', 2n, 2n))).toEqual([batchRecord(TA, 'agt-1', 2n)]);
    });

    it("refuses a batch of an unknown agent or of another tenant's agent (NOT_FOUND)", async () => {
      await seedAgent(h.store);
      await expectRongtongError(h.store.commitBatch({ batch: batchRecord(TA, 'agt-404', 1n), events: [] }), 'NOT_FOUND');
      await expectRongtongError(h.store.commitBatch({ batch: batchRecord('tenant-b', 'agt-1', 1n), events: [] }), 'NOT_FOUND');
      await expectUnchanged(h.store, 0n, (await allEvents(h.store, TA)).length);
    });

    it('keeps each agent on its own chain', async () => {
      await seedAgent(h.store);
      await enrolledAgent(h.store, TA, 'ent-2', 'agt-2');
      await commitChain(h.store, 2);
      expect((await h.store.commitBatch({ batch: batchRecord(TA, 'agt-2', 1n), events: [] })).status).toBe('committed');
      expect((await h.store.getAgent(TA, 'agt-2'))?.lastSeq).toBe(1n);
      expect((await h.store.getBatches(TA, 'agt-2', 0n, 10n)).map((b) => b.agentId)).toEqual(['agt-2']);
    });

    it('of two concurrent commits of one seq, one commits and the other is a duplicate or out of order', async () => {
      await seedAgent(h.store);
      const same = await Promise.all([1, 2].map(() => h.store.commitBatch({ batch: batchRecord(TA, 'agt-1', 1n), events: eventsOf(1n) })));
      expect(same.map((r) => r.status).sort()).toEqual(['committed', 'duplicate']);
      const forked = await Promise.all([
        h.store.commitBatch({ batch: batchRecord(TA, 'agt-1', 2n), events: eventsOf(2n) }),
        h.store.commitBatch({ batch: batchRecord(TA, 'agt-1', 2n, { digest: bytes(32, 5) }), events: eventsOf(2n) }),
      ]);
      expect(forked.map((r) => r.status).sort()).toEqual(['committed', 'out_of_order']);
      expect(await h.store.getBatches(TA, 'agt-1', 0n, 10n)).toHaveLength(2);
    });

    it('returns stored batches in a seq range, in order, only for the tenant and agent asked', async () => {
      await seedAgent(h.store);
      await commitChain(h.store, 5);
      const seqs = async (tenantId: string, agentId: string, from: bigint, to: bigint) =>
        (await h.store.getBatches(tenantId, agentId, from, to)).map((b) => b.seq);
      expect(await seqs(TA, 'agt-1', 2n, 4n)).toEqual([2n, 3n, 4n]);
      expect(await seqs(TA, 'agt-1', 0n, 100n)).toEqual([1n, 2n, 3n, 4n, 5n]);
      expect(await seqs(TA, 'agt-1', 5n, 5n)).toEqual([5n]);
      expect(await seqs(TA, 'agt-1', 4n, 2n)).toEqual([]);
      expect(await seqs(TA, 'agt-1', 6n, 9n)).toEqual([]);
      expect(await seqs('tenant-b', 'agt-1', 0n, 100n)).toEqual([]);
      expect(await seqs(TA, 'agt-404', 0n, 100n)).toEqual([]);
      expect(plain((await h.store.getBatches(TA, 'agt-1', 3n, 3n))[0])).toEqual(batchRecord(TA, 'agt-1', 3n));
    });

    it('handles sequence numbers beyond 2^53 and 2^63 at the edges of the API without losing digits', async () => {
      await seedAgent(h.store);
      await commitChain(h.store, 2);
      const big = 2n ** 53n + 1n;
      expect(plain(await h.store.commitBatch({ batch: batchRecord(TA, 'agt-1', big), events: [] }))).toEqual({
        status: 'out_of_order',
        lastSeq: 2n,
        lastDigest: batchDigest('agt-1', 2n),
      });
      expect((await h.store.commitBatch({ batch: batchRecord(TA, 'agt-1', 2n ** 64n - 1n), events: [] })).status).toBe('out_of_order');
      expect((await h.store.getBatches(TA, 'agt-1', 1n, 2n ** 64n - 1n)).map((b) => b.seq)).toEqual([1n, 2n]);
      expect(await h.store.getBatches(TA, 'agt-1', big, 2n ** 64n - 1n)).toEqual([]);
      expect(await h.store.readEvents({ tenantId: TA, after: 2n ** 64n - 1n, limit: 10 })).toEqual([]);
      await expectUnchanged(h.store, 2n, (await allEvents(h.store, TA)).length);
    });

    if (h.options.setAgentHead) {
      const setAgentHead = h.options.setAgentHead;
      it('stores and reads back sequence numbers beyond 2^53 exactly, up to 2^63 − 1', async () => {
        await seedAgent(h.store);
        const head = 2n ** 53n + 10n;
        await setAgentHead(h.store, TA, 'agt-1', head, batchDigest('agt-1', head));
        const batch = batchRecord(TA, 'agt-1', head + 1n);
        expect((await h.store.commitBatch({ batch, events: eventsOf(head + 1n) })).status).toBe('committed');
        expect((await h.store.getAgent(TA, 'agt-1'))?.lastSeq).toBe(9_007_199_254_741_003n);
        expect(plain(await h.store.getBatches(TA, 'agt-1', head, head + 5n))).toEqual([batch]);
        expect(await h.store.commitBatch({ batch, events: [] })).toEqual({ status: 'duplicate' });
        const max = 2n ** 63n - 1n;
        await setAgentHead(h.store, TA, 'agt-1', max - 1n, batchDigest('agt-1', max - 1n));
        expect((await h.store.commitBatch({ batch: batchRecord(TA, 'agt-1', max), events: [] })).status).toBe('committed');
        expect((await h.store.getBatches(TA, 'agt-1', max, 2n ** 64n - 1n)).map((b) => b.seq)).toEqual([9_223_372_036_854_775_807n]);
      });
    }
  });
}
