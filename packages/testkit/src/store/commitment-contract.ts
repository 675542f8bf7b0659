import { describe, expect, it } from 'vitest';
import type { CommitmentFilter, CommitmentRecord } from '@rongtong/platform';
import { DAY } from './capacity-fixtures.js';
import { T0 } from './fixtures.js';
import type { StoreHarness } from './harness.js';
import { allEvents, collectPages, plain } from './helpers.js';
import { acceptInput, seedMarket, seededMatch } from './match-contract.js';

const TA = 'tenant-a';

/** acceptMatch (accepted, replayed, not_proposed, not_found, concurrent), and listing commitments. */
export function commitmentContract(h: StoreHarness): void {
  describe('acceptMatch and commitments', () => {
    it('accepts a PROPOSED match: match accepted, commitment created, demand item committed, events appended, in one go', async () => {
      await seedMarket(h.store);
      const match = seededMatch('m-1', 'dem-1', 'sup-1');
      await h.store.replaceProposedMatches(TA, 'dem-1', [match], []);
      const demandBefore = await h.store.getDemandItem(TA, 'dem-1');
      const before = (await allEvents(h.store, TA)).length;
      const seen: unknown[] = [];
      const input = acceptInput(match, 'com-1', 'req-1', T0 + DAY, seen);
      const result = await h.store.acceptMatch(input);
      const accepted = { ...match, status: 'accepted' as const, updateTime: T0 + DAY };
      expect(plain(result)).toEqual({ status: 'accepted', match: accepted, commitment: input.commitment });
      expect(await h.store.getMatch(TA, 'm-1')).toEqual(accepted);
      expect(await h.store.getCommitment(TA, 'com-1')).toEqual(input.commitment);
      expect(await h.store.getCommitment('tenant-b', 'com-1')).toBeUndefined();
      const demand = await h.store.getDemandItem(TA, 'dem-1');
      expect(demand?.committedQuantity).toEqual({ value: 3500.5, unit: '' });
      expect(demand?.updateTime).toBe(T0 + DAY);
      expect(demand?.etag).not.toBe(demandBefore?.etag);
      expect(demand?.etag).not.toBe('');
      expect({ ...demand, committedQuantity: undefined, updateTime: 0, etag: '' }).toEqual({ ...demandBefore, committedQuantity: undefined, updateTime: 0, etag: '' });
      expect(seen).toEqual([{ match: accepted, commitment: input.commitment, demandItem: plain(demand) }]);
      expect((await allEvents(h.store, TA)).slice(before).map((e) => e.kind)).toEqual(['match', 'commitment', 'demand_item']);
    });

    it('replays an acceptance by request id: the first result, nothing written', async () => {
      await seedMarket(h.store);
      const match = seededMatch('m-1', 'dem-1', 'sup-1');
      await h.store.replaceProposedMatches(TA, 'dem-1', [match], []);
      const first = plain(await h.store.acceptMatch(acceptInput(match, 'com-1', 'req-1', T0 + DAY)));
      const events = (await allEvents(h.store, TA)).length;
      const demand = await h.store.getDemandItem(TA, 'dem-1');
      const seen: unknown[] = [];
      const again = await h.store.acceptMatch(acceptInput(match, 'com-2', 'req-1', T0 + 2 * DAY, seen));
      expect(plain(again)).toEqual({ ...first, status: 'replayed' });
      expect(seen).toEqual([]);
      expect(await h.store.getCommitment(TA, 'com-2')).toBeUndefined();
      expect(await h.store.getDemandItem(TA, 'dem-1')).toEqual(demand);
      expect(await allEvents(h.store, TA)).toHaveLength(events);
      // The same request id in another tenant is another request.
      expect((await h.store.acceptMatch({ ...acceptInput(match, 'com-3', 'req-1', T0), tenantId: 'tenant-b' })).status).toBe('not_found');
    });

    it('refuses a match no longer PROPOSED (not_proposed) and an unknown one (not_found), writing nothing', async () => {
      await seedMarket(h.store);
      const m1 = seededMatch('m-1', 'dem-1', 'sup-1');
      const m2 = seededMatch('m-2', 'dem-1', 'sup-2', { rank: 2 });
      await h.store.replaceProposedMatches(TA, 'dem-1', [m1, m2], []);
      await h.store.acceptMatch(acceptInput(m1, 'com-1', 'req-1', T0 + DAY));
      await h.store.updateProposedMatches(TA, ['m-2'], 'rejected', T0 + 5, () => []);
      const events = (await allEvents(h.store, TA)).length;
      const demand = await h.store.getDemandItem(TA, 'dem-1');
      const again = await h.store.acceptMatch(acceptInput(m1, 'com-2', 'req-2', T0 + 2 * DAY));
      expect(again).toEqual({ status: 'not_proposed', match: { ...m1, status: 'accepted', updateTime: T0 + DAY } });
      expect(await h.store.acceptMatch(acceptInput(m2, 'com-3', '', T0 + 2 * DAY))).toEqual({
        status: 'not_proposed',
        match: { ...m2, status: 'rejected', updateTime: T0 + 5 },
      });
      expect(await h.store.acceptMatch(acceptInput(seededMatch('m-404', 'dem-1', 'sup-3'), 'com-4', '', T0))).toEqual({ status: 'not_found' });
      expect(await h.store.acceptMatch({ ...acceptInput(m1, 'com-5', '', T0), tenantId: 'tenant-b' })).toEqual({ status: 'not_found' });
      for (const id of ['com-2', 'com-3', 'com-4', 'com-5']) expect(await h.store.getCommitment(TA, id)).toBeUndefined();
      expect(await h.store.getDemandItem(TA, 'dem-1')).toEqual(demand);
      expect(await allEvents(h.store, TA)).toHaveLength(events);
    });

    it('of two concurrent acceptances of one match, exactly one is accepted', async () => {
      await seedMarket(h.store);
      const match = seededMatch('m-1', 'dem-1', 'sup-1');
      await h.store.replaceProposedMatches(TA, 'dem-1', [match], []);
      const results = await Promise.all([
        h.store.acceptMatch(acceptInput(match, 'com-1', 'req-1', T0 + DAY)),
        h.store.acceptMatch(acceptInput(match, 'com-2', 'req-2', T0 + DAY)),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['accepted', 'not_proposed']);
      const commitments = await h.store.listCommitments({ tenantId: TA, enterpriseId: '', demandItemId: '', supplyItemId: '' }, { pageSize: 10, pageToken: '' });
      expect(commitments.items).toHaveLength(1);
      expect((await allEvents(h.store, TA)).filter((e) => e.kind === 'commitment')).toHaveLength(1);
    });

    it('lists commitments newest first, exactly once over pages, filtered by party, visibility, item, supplier, status and allocation time', async () => {
      await seedMarket(h.store);
      const pairs = [
        ['m-1', 'dem-1', 'sup-1'],
        ['m-2', 'dem-1', 'sup-3'],
        ['m-3', 'dem-2', 'sup-1'],
        ['m-4', 'dem-2', 'sup-3'],
        ['m-5', 'dem-1', 'sup-2'],
      ] as const;
      const matches = pairs.map(([id, d, s]) => seededMatch(id, d, s));
      await h.store.replaceProposedMatches(TA, 'dem-1', matches.filter((m) => m.demandItemId === 'dem-1'), []);
      await h.store.replaceProposedMatches(TA, 'dem-2', matches.filter((m) => m.demandItemId === 'dem-2'), []);
      const created: CommitmentRecord[] = [];
      for (const [i, m] of matches.entries()) {
        const input = acceptInput(m, `com-${i + 1}`, `req-${i + 1}`, T0 + (i % 2) * DAY);
        // com-k's allocations start k days after the fixture's start.
        input.commitment.allocations = input.commitment.allocations.map((a) => ({ ...a, startTime: a.startTime + i * DAY, endTime: a.endTime + i * DAY }));
        input.commitment.status = i === 4 ? 'cancelled' : 'active';
        // com-5's second allocation leaves a gap: [T0 + 14 days, +15) and [T0 + 17 days, +18).
        if (i === 4) input.commitment.allocations[1] = { ...input.commitment.allocations[1]!, startTime: T0 + 17 * DAY, endTime: T0 + 18 * DAY };
        await h.store.acceptMatch(input);
        created.push(input.commitment);
      }
      const base: CommitmentFilter = { tenantId: TA, enterpriseId: '', demandItemId: '', supplyItemId: '' };
      const ids = async (filter: Partial<CommitmentFilter>) => (await collectPages((p) => h.store.listCommitments({ ...base, ...filter }, p), 2)).items.map((c) => c.id);
      const { items, pageSizes } = await collectPages((p) => h.store.listCommitments(base, p), 2);
      expect(pageSizes).toEqual([2, 2, 1]);
      expect(items.map((c) => c.id)).toEqual(['com-4', 'com-2', 'com-5', 'com-3', 'com-1']);
      expect(plain(items[0])).toEqual(created[3]);
      expect(await ids({ enterpriseId: 'ent-1' })).toEqual(['com-4', 'com-2', 'com-5', 'com-1']);
      expect(await ids({ enterpriseIds: ['ent-2'] })).toEqual(['com-4', 'com-5', 'com-3', 'com-1']);
      expect(await ids({ enterpriseIds: [] })).toEqual([]);
      expect(await ids({ demandItemId: 'dem-2' })).toEqual(['com-4', 'com-3']);
      expect(await ids({ supplyItemId: 'sup-3' })).toEqual(['com-4', 'com-2']);
      expect(await ids({ supplierEnterpriseId: 'ent-2' })).toEqual(['com-5', 'com-3', 'com-1']);
      expect(await ids({ status: 'cancelled' })).toEqual(['com-5']);
      // Allocations of com-1…com-4 cover [T0 + (9 + k) days, T0 + (11 + k) days).
      expect(await ids({ from: T0 + 14 * DAY })).toEqual(['com-4', 'com-5']);
      expect(await ids({ from: T0 + 15 * DAY, to: T0 + 17 * DAY })).toEqual([]);
      expect(await ids({ from: T0 + 17 * DAY })).toEqual(['com-5']);
      expect(await ids({ from: T0 + 12 * DAY, to: T0 + 13 * DAY })).toEqual(['com-2', 'com-3']);
      expect(await ids({ to: T0 + 11 * DAY })).toEqual(['com-1']);
      expect(await ids({ to: T0 + 11 * DAY + 1 })).toEqual(['com-2', 'com-1']);
      expect(await ids({ tenantId: 'tenant-b' })).toEqual([]);
    });
  });
}
