import { describe, expect, it } from 'vitest';
import type { EquipmentFact, Store } from '@rongtong/platform';
import { HOUR, countFact, stateFact } from './capacity-fixtures.js';
import { T0, batchDigest, batchRecord, feedEvent } from './fixtures.js';
import { enrolledAgent, seedEnterprises } from './enrollment-contract.js';
import type { StoreHarness } from './harness.js';
import { allEvents, plain } from './helpers.js';

const TA = 'tenant-a';
const source = (seq: bigint) => ({ tenantId: TA, enterpriseId: 'ent-1', agentId: 'agt-1', seq });

/** Facts of batch `seq`: lathe-1 state + count in hour `hour`, press-1 state in the hour after. */
function factsOf(seq: bigint, hour: number): EquipmentFact[] {
  const start = T0 + hour * HOUR;
  return [
    stateFact(source(seq), 'lathe-1', start, start + HOUR / 2),
    countFact(source(seq), 'lathe-1', start, start + HOUR),
    stateFact(source(seq), 'lathe-1', start + HOUR / 2, start + HOUR, { rawState: 'Held', bucket: 'adet', jobId: undefined }),
    stateFact(source(seq), 'press-1', start + HOUR, start + 2 * HOUR, { quality: 'bad' }),
  ];
}

async function commit(store: Store, seq: bigint, facts: EquipmentFact[]): Promise<string> {
  const result = await store.commitBatch({ batch: batchRecord(TA, 'agt-1', seq), events: [feedEvent(TA, 'batch_committed', { enterpriseId: 'ent-1' })], facts });
  return result.status;
}

const lathe = (store: Store, from: number, to: number, tenantId = TA) => store.listFacts({ tenantId, equipmentId: 'lathe-1', from, to });

/** Facts and dirty marks: written with a committed batch only, read by overlap, marks taken and cleared. */
export function factContract(h: StoreHarness): void {
  describe('facts and dirty marks', () => {
    it('stores the facts of a committed batch exactly and lists one equipment’s facts overlapping [from, to), by start then seq', async () => {
      await seedEnterprises(h.store);
      await enrolledAgent(h.store, TA, 'ent-1', 'agt-1');
      const first = factsOf(1n, 2);
      expect(await commit(h.store, 1n, first)).toBe('committed');
      // Batch 2 carries an earlier hour and one fact starting with batch 1's first.
      const second = [...factsOf(2n, 0), stateFact(source(2n), 'lathe-1', T0 + 2 * HOUR, T0 + 2 * HOUR + 60_000, { rawState: '', bucket: 'unknown' })];
      expect(await commit(h.store, 2n, second)).toBe('committed');

      const all = plain(await lathe(h.store, T0 - HOUR, T0 + 10 * HOUR));
      expect(all).toHaveLength(7);
      expect(all).toEqual(expect.arrayContaining([...first.slice(0, 3), ...second.slice(0, 3), second[4]]));
      expect(all.map((f) => [f.startTime - T0, f.seq])).toEqual([
        [0, 2n],
        [0, 2n],
        [HOUR / 2, 2n],
        [2 * HOUR, 1n],
        [2 * HOUR, 1n],
        [2 * HOUR, 2n],
        [2 * HOUR + HOUR / 2, 1n],
      ]);
      expect(all.every((f) => f.equipmentId === 'lathe-1')).toBe(true);
      expect(all.find((f) => f.kind === 'state' && f.rawState === 'Held')).not.toHaveProperty('jobId');

      // [from, to): a fact ending at `from` or starting at `to` is out.
      expect(plain(await lathe(h.store, T0 + HOUR, T0 + 2 * HOUR))).toEqual([]);
      expect(plain(await lathe(h.store, T0 + HOUR / 2, T0 + HOUR / 2 + 1))).toEqual([second[1], second[2]]);
      expect((await lathe(h.store, T0 + 2 * HOUR + HOUR / 2, T0 + 3 * HOUR)).map((f) => f.seq)).toEqual([1n, 1n]);
      expect(plain(await h.store.listFacts({ tenantId: TA, equipmentId: 'press-1', from: T0, to: T0 + 4 * HOUR }))).toEqual([second[3], first[3]]);
      expect(await lathe(h.store, T0 - HOUR, T0 + 10 * HOUR, 'tenant-b')).toEqual([]);
      expect(await h.store.listFacts({ tenantId: TA, equipmentId: 'mill-404', from: T0, to: T0 + 10 * HOUR })).toEqual([]);
    });

    it('writes one dirty mark per equipment of a committed batch spanning its facts, oldest first, kept until cleared', async () => {
      await seedEnterprises(h.store);
      await enrolledAgent(h.store, TA, 'ent-1', 'agt-1');
      expect(await h.store.takeDirtyMarks(100)).toEqual([]);
      await commit(h.store, 1n, factsOf(1n, 2));
      await commit(h.store, 2n, factsOf(2n, 0));
      const marks = await h.store.takeDirtyMarks(100);
      const mark = (equipmentId: string, from: number, to: number) => ({ tenantId: TA, enterpriseId: 'ent-1', equipmentId, from, to });
      expect(marks).toHaveLength(4);
      const byEquipment = (list: typeof marks) => list.map(({ markId: _, ...m }) => m).sort((a, b) => a.equipmentId.localeCompare(b.equipmentId));
      expect(byEquipment(marks.slice(0, 2))).toEqual([mark('lathe-1', T0 + 2 * HOUR, T0 + 3 * HOUR), mark('press-1', T0 + 3 * HOUR, T0 + 4 * HOUR)]);
      expect(byEquipment(marks.slice(2))).toEqual([
        mark('lathe-1', T0, T0 + HOUR),
        mark('press-1', T0 + HOUR, T0 + 2 * HOUR),
      ]);
      expect(marks.every((m) => typeof m.markId === 'bigint')).toBe(true);
      const ids = marks.map((m) => m.markId);
      expect([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(ids);
      expect(new Set(ids).size).toBe(4);
      // Reading does not remove; the limit counts from the oldest.
      expect(await h.store.takeDirtyMarks(2)).toEqual(marks.slice(0, 2));
      expect(await h.store.takeDirtyMarks(100)).toEqual(marks);
    });

    it('clears only the marks given: a mark added after the read survives', async () => {
      await seedEnterprises(h.store);
      await enrolledAgent(h.store, TA, 'ent-1', 'agt-1');
      await commit(h.store, 1n, factsOf(1n, 0));
      const read = await h.store.takeDirtyMarks(100);
      expect(read).toHaveLength(2);
      await commit(h.store, 2n, [stateFact(source(2n), 'lathe-1', T0 + 5 * HOUR, T0 + 6 * HOUR)]);
      await h.store.clearDirtyMarks(read);
      const left = await h.store.takeDirtyMarks(100);
      expect(left.map(({ markId: _, ...m }) => m)).toEqual([{ tenantId: TA, enterpriseId: 'ent-1', equipmentId: 'lathe-1', from: T0 + 5 * HOUR, to: T0 + 6 * HOUR }]);
      expect(read.map((m) => m.markId)).not.toContain(left[0]!.markId);
      await h.store.clearDirtyMarks([]);
      expect(await h.store.takeDirtyMarks(100)).toEqual(left);
      await h.store.clearDirtyMarks([...left, ...read]);
      expect(await h.store.takeDirtyMarks(100)).toEqual([]);
    });

    it('writes no facts and no marks for a duplicate or out-of-order batch, nor for a batch without facts', async () => {
      await seedEnterprises(h.store);
      await enrolledAgent(h.store, TA, 'ent-1', 'agt-1');
      expect(await commit(h.store, 1n, [])).toBe('committed');
      expect(await h.store.takeDirtyMarks(100)).toEqual([]);
      const events = (await allEvents(h.store, TA)).length;
      expect(await commit(h.store, 1n, factsOf(1n, 0))).toBe('duplicate');
      expect(await commit(h.store, 3n, factsOf(3n, 0))).toBe('out_of_order');
      expect(await lathe(h.store, T0 - HOUR, T0 + 10 * HOUR)).toEqual([]);
      expect(await h.store.takeDirtyMarks(100)).toEqual([]);
      expect(await allEvents(h.store, TA)).toHaveLength(events);
      expect(await commit(h.store, 2n, factsOf(2n, 0))).toBe('committed');
      expect(await lathe(h.store, T0 - HOUR, T0 + 10 * HOUR)).toHaveLength(3);
    });

    if (h.options.setAgentHead) {
      const setAgentHead = h.options.setAgentHead;
      it('keeps the batch seq of a fact exactly beyond 2^53 and orders facts of one start by it', async () => {
        await seedEnterprises(h.store);
        await enrolledAgent(h.store, TA, 'ent-1', 'agt-1');
        const max = 2n ** 63n - 1n;
        await setAgentHead(h.store, TA, 'agt-1', max - 2n, batchDigest('agt-1', max - 2n));
        const later = [stateFact(source(max), 'lathe-1', T0, T0 + HOUR)];
        const earlier = [stateFact(source(max - 1n), 'lathe-1', T0, T0 + HOUR / 2, { rawState: 'Idle', bucket: 'adet' })];
        expect(await commit(h.store, max - 1n, earlier)).toBe('committed');
        expect(await commit(h.store, max, later)).toBe('committed');
        const facts = await lathe(h.store, T0, T0 + HOUR);
        expect(facts.map((f) => f.seq)).toEqual([9_223_372_036_854_775_806n, 9_223_372_036_854_775_807n]);
        expect(plain(facts)).toEqual([...earlier, ...later]);
      });
    }
  });
}
