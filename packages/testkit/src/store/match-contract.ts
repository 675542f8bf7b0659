import { describe, expect, it } from 'vitest';
import type { AcceptMatchInput, MatchFilter, MatchRecord, Store } from '@rongtong/platform';
import { T0, feedEvent } from './fixtures.js';
import { seedEnterprises } from './enrollment-contract.js';
import type { StoreHarness } from './harness.js';
import { allEvents, collectPages, expectRongtongError, plain } from './helpers.js';
import { commitmentRecord } from './capacity-fixtures.js';
import { demandItemRecord, matchRecord, supplyItemRecord } from './market-fixtures.js';

const TA = 'tenant-a';

/** Demand items dem-1 (of ent-1) and dem-2 (of ent-2); supply items sup-1, sup-2 (of ent-2) and sup-3 (of ent-1). */
export async function seedMarket(store: Store): Promise<void> {
  await seedEnterprises(store);
  await store.saveDemandItems([demandItemRecord(TA, 'ent-1', 'dem-1'), demandItemRecord(TA, 'ent-2', 'dem-2')], []);
  await store.saveSupplyItems(
    [supplyItemRecord(TA, 'ent-2', 'sup-1'), supplyItemRecord(TA, 'ent-2', 'sup-2'), supplyItemRecord(TA, 'ent-1', 'sup-3')],
    [],
  );
}

const OWNER: Record<string, string> = { 'dem-1': 'ent-1', 'dem-2': 'ent-2', 'sup-1': 'ent-2', 'sup-2': 'ent-2', 'sup-3': 'ent-1' };

/** A PROPOSED match of a seeded pair. */
export function seededMatch(id: string, demandItemId: string, supplyItemId: string, overrides: Partial<MatchRecord> = {}): MatchRecord {
  const pair = { demandItemId, supplyItemId, buyerEnterpriseId: OWNER[demandItemId]!, supplierEnterpriseId: OWNER[supplyItemId]! };
  return matchRecord(TA, id, pair, overrides);
}

const matchEvent = (m: MatchRecord) => feedEvent(TA, 'match', { enterpriseId: m.buyerEnterpriseId, seed: m.rank });

/** The acceptance of `match` creating commitment `commitmentId` with `requestId`; the event maker records what it saw in `seen`. */
export function acceptInput(
  match: MatchRecord,
  commitmentId: string,
  requestId: string,
  now: number,
  seen: unknown[] = [],
): AcceptMatchInput {
  const parties = {
    matchId: match.id,
    demandItemId: match.demandItemId,
    supplyItemId: match.supplyItemId,
    buyerEnterpriseId: match.buyerEnterpriseId,
    supplierEnterpriseId: match.supplierEnterpriseId,
  };
  return {
    tenantId: TA,
    matchId: match.id,
    commitment: commitmentRecord(TA, commitmentId, parties, { requestId, createTime: now, updateTime: now }),
    demandCommittedQuantity: { value: 3500.5, unit: '' },
    now,
    events: (result) => {
      seen.push(plain(result));
      return [
        feedEvent(TA, 'match', { enterpriseId: match.buyerEnterpriseId }),
        feedEvent(TA, 'commitment', { enterpriseId: match.supplierEnterpriseId }),
        feedEvent(TA, 'demand_item', { enterpriseId: match.buyerEnterpriseId }),
      ];
    },
  };
}

/** Matches: proposed replacement with events, status updates of PROPOSED matches only, listing and filters. */
export function matchContract(h: StoreHarness): void {
  describe('matches', () => {
    const ids = async (filter: Partial<MatchFilter>, pageSize = 100) =>
      (await collectPages((p) => h.store.listMatches({ tenantId: TA, demandItemId: '', supplyItemId: '', enterpriseId: '', ...filter }, p), pageSize)).items.map(
        (m) => m.id,
      );

    it('stores proposed matches exactly with their events, readable only in their tenant', async () => {
      await seedMarket(h.store);
      const a = seededMatch('m-1', 'dem-1', 'sup-1');
      const b = seededMatch('m-2', 'dem-1', 'sup-2', { rank: 2, expireTime: undefined, failedConstraints: [{ constraint: 'region', reason: 'too far' }], score: 0 });
      const before = (await allEvents(h.store, TA)).length;
      await h.store.replaceProposedMatches(TA, 'dem-1', [a, b], [matchEvent(a), matchEvent(b)]);
      expect((await allEvents(h.store, TA)).slice(before).map((e) => e.kind)).toEqual(['match', 'match']);
      expect(await h.store.getMatch(TA, 'm-1')).toEqual(a);
      const stored = await h.store.getMatch(TA, 'm-2');
      expect(stored).toEqual(b);
      expect(stored).not.toHaveProperty('expireTime');
      expect(await h.store.getMatch('tenant-b', 'm-1')).toBeUndefined();
      expect(await ids({ tenantId: 'tenant-b' })).toEqual([]);
    });

    it('replaces the PROPOSED match of the same pair and keeps accepted, rejected and other pairs’ matches', async () => {
      await seedMarket(h.store);
      await h.store.replaceProposedMatches(TA, 'dem-1', [seededMatch('m-1', 'dem-1', 'sup-1'), seededMatch('m-2', 'dem-1', 'sup-2', { rank: 2 })], []);
      await h.store.replaceProposedMatches(TA, 'dem-2', [seededMatch('m-9', 'dem-2', 'sup-1')], []);
      await h.store.updateProposedMatches(TA, ['m-1'], 'rejected', T0 + 10, () => []);
      const again = seededMatch('m-3', 'dem-1', 'sup-1', { rank: 1, score: 0.8 });
      const again2 = seededMatch('m-4', 'dem-1', 'sup-2', { rank: 2 });
      await h.store.replaceProposedMatches(TA, 'dem-1', [again, again2], [matchEvent(again)]);
      expect((await h.store.getMatch(TA, 'm-1'))?.status).toBe('rejected');
      expect(await h.store.getMatch(TA, 'm-2')).toBeUndefined();
      expect(await h.store.getMatch(TA, 'm-3')).toEqual(again);
      expect((await ids({})).sort()).toEqual(['m-1', 'm-3', 'm-4', 'm-9']);
      await h.store.replaceProposedMatches(TA, 'dem-1', [seededMatch('m-5', 'dem-1', 'sup-1')], []);
      expect((await ids({ demandItemId: 'dem-1' })).sort()).toEqual(['m-1', 'm-4', 'm-5']);
    });

    it('keeps an ACCEPTED match of the pair when replacing, and refuses a match of another demand item or tenant (INVALID_ARGUMENT, nothing written)', async () => {
      await seedMarket(h.store);
      const first = seededMatch('m-1', 'dem-1', 'sup-1');
      await h.store.replaceProposedMatches(TA, 'dem-1', [first], []);
      expect((await h.store.acceptMatch(acceptInput(first, 'com-1', 'req-1', T0 + 1))).status).toBe('accepted');
      const next = seededMatch('m-2', 'dem-1', 'sup-1');
      await h.store.replaceProposedMatches(TA, 'dem-1', [next], []);
      expect((await h.store.getMatch(TA, 'm-1'))?.status).toBe('accepted');
      expect(await h.store.getMatch(TA, 'm-2')).toEqual(next);

      const before = (await allEvents(h.store, TA)).length;
      const replacement = seededMatch('m-3', 'dem-1', 'sup-1');
      const foreign = [seededMatch('m-4', 'dem-2', 'sup-2'), { ...seededMatch('m-5', 'dem-1', 'sup-2'), tenantId: 'tenant-b' }];
      for (const bad of foreign) {
        await expectRongtongError(h.store.replaceProposedMatches(TA, 'dem-1', [replacement, bad], [matchEvent(replacement)]), 'INVALID_ARGUMENT');
      }
      expect(await h.store.getMatch(TA, 'm-2')).toEqual(next);
      for (const id of ['m-3', 'm-4', 'm-5']) expect(await h.store.getMatch(TA, id)).toBeUndefined();
      expect(await h.store.getMatch('tenant-b', 'm-5')).toBeUndefined();
      expect(await allEvents(h.store, TA)).toHaveLength(before);
    });

    it('updates only PROPOSED matches, returns them and appends the events made from them', async () => {
      await seedMarket(h.store);
      await h.store.replaceProposedMatches(TA, 'dem-1', [seededMatch('m-1', 'dem-1', 'sup-1'), seededMatch('m-2', 'dem-1', 'sup-2', { rank: 2 }), seededMatch('m-3', 'dem-1', 'sup-3', { rank: 3 })], []);
      await h.store.updateProposedMatches(TA, ['m-3'], 'expired', T0 + 5, () => []);
      const seen: MatchRecord[][] = [];
      const before = (await allEvents(h.store, TA)).length;
      const updated = await h.store.updateProposedMatches(TA, ['m-1', 'm-3', 'm-404', 'm-2'], 'rejected', T0 + 99, (list) => {
        seen.push(plain(list));
        return list.map(matchEvent);
      });
      expect(updated.map((m) => [m.id, m.status, m.updateTime])).toEqual([
        ['m-1', 'rejected', T0 + 99],
        ['m-2', 'rejected', T0 + 99],
      ]);
      expect(seen).toEqual([plain(updated)]);
      expect(await h.store.getMatch(TA, 'm-1')).toEqual({ ...seededMatch('m-1', 'dem-1', 'sup-1'), status: 'rejected', updateTime: T0 + 99 });
      expect(await h.store.getMatch(TA, 'm-3')).toEqual({ ...seededMatch('m-3', 'dem-1', 'sup-3', { rank: 3 }), status: 'expired', updateTime: T0 + 5 });
      expect((await allEvents(h.store, TA)).slice(before).map((e) => e.kind)).toEqual(['match', 'match']);
      expect(await h.store.updateProposedMatches('tenant-b', ['m-1'], 'expired', T0, () => [])).toEqual([]);
      expect(await h.store.updateProposedMatches(TA, ['m-1', 'm-2'], 'expired', T0 + 100, () => [])).toEqual([]);
      expect((await h.store.getMatch(TA, 'm-2'))?.status).toBe('rejected');
    });

    it('lists by demand item, rank and id, exactly once over pages, filtered by item, enterprise, visibility and status', async () => {
      await seedMarket(h.store);
      await h.store.replaceProposedMatches(TA, 'dem-2', [seededMatch('b-1', 'dem-2', 'sup-1', { rank: 2 }), seededMatch('b-2', 'dem-2', 'sup-3', { rank: 1 })], []);
      await h.store.replaceProposedMatches(
        TA,
        'dem-1',
        [seededMatch('a-3', 'dem-1', 'sup-1', { rank: 10 }), seededMatch('a-2', 'dem-1', 'sup-2', { rank: 2 }), seededMatch('a-1', 'dem-1', 'sup-3', { rank: 2 })],
        [],
      );
      await h.store.updateProposedMatches(TA, ['a-1'], 'rejected', T0 + 1, () => []);
      const { items, pageSizes } = await collectPages((p) => h.store.listMatches({ tenantId: TA, demandItemId: '', supplyItemId: '', enterpriseId: '' }, p), 2);
      expect(pageSizes).toEqual([2, 2, 1]);
      expect(items.map((m) => m.id)).toEqual(['a-1', 'a-2', 'a-3', 'b-2', 'b-1']);
      expect(await ids({ demandItemId: 'dem-2' })).toEqual(['b-2', 'b-1']);
      expect(await ids({ supplyItemId: 'sup-1' })).toEqual(['a-3', 'b-1']);
      expect(await ids({ enterpriseId: 'ent-1' })).toEqual(['a-1', 'a-2', 'a-3', 'b-2']);
      expect(await ids({ enterpriseIds: ['ent-1'] })).toEqual(['a-1', 'a-2', 'a-3', 'b-2']);
      expect(await ids({ enterpriseIds: ['ent-2'] })).toEqual(['a-2', 'a-3', 'b-2', 'b-1']);
      expect(await ids({ enterpriseIds: [] })).toEqual([]);
      expect(await ids({ status: 'rejected' })).toEqual(['a-1']);
      expect(await ids({ status: 'proposed', demandItemId: 'dem-1', supplyItemId: 'sup-2' })).toEqual(['a-2']);
    });
  });
}
