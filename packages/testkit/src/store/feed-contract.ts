import { describe, expect, it } from 'vitest';
import type { FeedEventRecord, NewFeedEvent } from '@rongtong/platform';
import { T0, bytes, feedEvent, tenantRecord } from './fixtures.js';
import type { StoreHarness } from './harness.js';
import { allEvents, plain } from './helpers.js';

const TA = 'tenant-a';
const TB = 'tenant-b';

const withoutSeq = (events: FeedEventRecord[]): NewFeedEvent[] => plain(events.map(({ seq: _, ...e }) => e));

/** Feed events: deployment-wide increasing seqs, tenancy, filters, retention. */
export function feedContract(h: StoreHarness): void {
  describe('feed events', () => {
    it('starts empty', async () => {
      expect(await h.store.lastEventSeq()).toBe(0n);
      expect(await h.store.firstEventSeq()).toBe(0n);
      expect(await h.store.readEvents({ tenantId: TA, after: 0n, limit: 100 })).toEqual([]);
    });

    it('appends events in order under increasing seqs and reads them back byte for byte', async () => {
      await h.store.createTenant(tenantRecord(TA));
      const events = [
        feedEvent(TA, 'kpi', { enterpriseId: 'ent-1', equipmentId: 'lathe-1', time: T0 + 1, bodySize: 65_536 }),
        feedEvent(TA, 'match', { time: T0 + 2, bodySize: 0 }),
        feedEvent(TA, 'demand_item', { enterpriseId: 'ent-2', time: T0 + 3, seed: 255 }),
      ];
      const last = await h.store.appendEvents(events);
      const read = await allEvents(h.store, TA);
      expect(withoutSeq(read)).toEqual(events);
      expect(read[0]!.seq < read[1]!.seq && read[1]!.seq < read[2]!.seq).toBe(true);
      expect(last).toBe(read[2]!.seq);
      expect(await h.store.lastEventSeq()).toBe(last);
      expect(await h.store.firstEventSeq()).toBe(read[0]!.seq);
      expect(Array.from(read[0]!.body.subarray(250, 260))).toEqual([250, 251, 252, 253, 254, 255, 0, 1, 2, 3]);
    });

    it("numbers events across tenants in one sequence, and a tenant reads only its own", async () => {
      const a1 = await h.store.appendEvents([feedEvent(TA, 'kpi', { seed: 1 })]);
      const b1 = await h.store.appendEvents([feedEvent(TB, 'kpi', { seed: 2 })]);
      const a2 = await h.store.appendEvents([feedEvent(TA, 'kpi', { seed: 3 })]);
      expect(a1 < b1 && b1 < a2).toBe(true);
      expect((await allEvents(h.store, TA)).map((e) => e.seq)).toEqual([a1, a2]);
      expect((await allEvents(h.store, TB)).map((e) => e.seq)).toEqual([b1]);
      expect(plain((await allEvents(h.store, TB))[0]?.body)).toEqual(bytes(40, 2));
      expect(await allEvents(h.store, 'tenant-c')).toEqual([]);
    });

    it('reads after a position, at most limit events', async () => {
      await h.store.appendEvents(Array.from({ length: 6 }, (_, i) => feedEvent(TA, 'kpi', { seed: i })));
      const all = await allEvents(h.store, TA);
      const after = await h.store.readEvents({ tenantId: TA, after: all[1]!.seq, limit: 100 });
      expect(after.map((e) => e.seq)).toEqual(all.slice(2).map((e) => e.seq));
      const two = await h.store.readEvents({ tenantId: TA, after: all[1]!.seq, limit: 2 });
      expect(two.map((e) => e.seq)).toEqual([all[2]!.seq, all[3]!.seq]);
      expect(await h.store.readEvents({ tenantId: TA, after: all[5]!.seq, limit: 100 })).toEqual([]);
    });

    it('filters by kinds, enterprises and equipment (all must match; empty lists match everything)', async () => {
      await h.store.appendEvents([
        feedEvent(TA, 'kpi', { enterpriseId: 'e1', equipmentId: 'm1', seed: 1 }),
        feedEvent(TA, 'gap', { enterpriseId: 'e1', equipmentId: 'm2', seed: 2 }),
        feedEvent(TA, 'kpi', { enterpriseId: 'e2', equipmentId: 'm3', seed: 3 }),
        feedEvent(TA, 'match', { seed: 4 }),
        feedEvent(TB, 'kpi', { enterpriseId: 'e1', equipmentId: 'm1', seed: 5 }),
      ]);
      const seeds = async (filter: { kinds?: FeedEventRecord['kind'][]; enterpriseIds?: string[]; equipmentIds?: string[] }) =>
        (await h.store.readEvents({ tenantId: TA, after: 0n, limit: 100, ...filter })).map((e) => e.body[0]);
      expect(await seeds({})).toEqual([1, 2, 3, 4]);
      expect(await seeds({ kinds: [], enterpriseIds: [], equipmentIds: [] })).toEqual([1, 2, 3, 4]);
      expect(await seeds({ kinds: ['kpi'] })).toEqual([1, 3]);
      expect(await seeds({ kinds: ['kpi', 'match'] })).toEqual([1, 3, 4]);
      expect(await seeds({ enterpriseIds: ['e1'] })).toEqual([1, 2]);
      expect(await seeds({ equipmentIds: ['m2', 'm3'] })).toEqual([2, 3]);
      expect(await seeds({ kinds: ['kpi'], enterpriseIds: ['e1'] })).toEqual([1]);
      expect(await seeds({ kinds: ['kpi'], enterpriseIds: ['e1'], equipmentIds: ['m2'] })).toEqual([]);
      expect(await seeds({ kinds: ['token_revoked'] })).toEqual([]);
    });

    it('prunes events older than a time; the first seq moves on, the last never goes back', async () => {
      await h.store.appendEvents(Array.from({ length: 5 }, (_, i) => feedEvent(i === 4 ? TB : TA, 'kpi', { time: T0 + i, seed: i })));
      const [e0, e1, e2, e3, e4] = [...(await allEvents(h.store, TA)), ...(await allEvents(h.store, TB))];
      expect(await h.store.pruneEvents(T0 + 2)).toBe(2);
      expect((await allEvents(h.store, TA)).map((e) => e.seq)).toEqual([e2!.seq, e3!.seq]);
      expect(await h.store.firstEventSeq()).toBe(e2!.seq);
      expect(await h.store.lastEventSeq()).toBe(e4!.seq);
      expect(await h.store.pruneEvents(T0 + 2)).toBe(0);
      expect(await h.store.pruneEvents(T0 + 100)).toBe(3);
      expect(await h.store.firstEventSeq()).toBe(0n);
      expect(await h.store.lastEventSeq()).toBe(e4!.seq);
      const next = await h.store.appendEvents([feedEvent(TA, 'kpi', { time: T0 + 200 })]);
      expect(next > e4!.seq).toBe(true);
      expect(await h.store.firstEventSeq()).toBe(next);
      expect(e0!.seq < e1!.seq).toBe(true);
    });
  });
}
