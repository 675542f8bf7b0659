import { describe, expect, it } from 'vitest';
import { plain } from '../store/helpers.js';
import { type OpenOutbox, expectChain, seqRange, seqsOf } from './checks.js';
import { type TestRecord, testRecord, viewPayload } from './fixtures.js';
import { AGENT_T0 } from './harness.js';

const payloadsOf = (records: readonly TestRecord[]) => plain(records.map((r) => r.payload));

/** Live data first, the backlog after it, oldest-first and flagged historical. */
export function orderContract(open: OpenOutbox): void {
  describe('live first, backlog historical', () => {
    it('seals live records oldest-first, then the backlog oldest-first with historical set and every other field unchanged', async () => {
      const { outbox, clock, publicKey } = await open({ liveWindowMs: 10_000 });
      const [a, b, c, d] = [testRecord(1), testRecord(2), testRecord(3), testRecord(4)] as const;
      await outbox.enqueue(a.payload, a.meta);
      clock.advance(1000);
      await outbox.enqueue(b.payload, b.meta);
      clock.time = AGENT_T0 + 60_000;
      await outbox.enqueue(c.payload, c.meta);
      clock.advance(1000);
      await outbox.enqueue(d.payload, d.meta);
      clock.advance(500);

      const sealed = await outbox.seal(10, { now: clock.time });
      expect(seqsOf(sealed)).toEqual(seqRange(1, 4));
      expectChain(sealed, publicKey);
      expect(sealed.map((s) => [s.kind, s.historical, s.firstTime])).toEqual([
        ['data', false, c.meta.firstTime],
        ['data', false, d.meta.firstTime],
        ['data', true, a.meta.firstTime],
        ['data', true, b.meta.firstTime],
      ]);
      expect(plain(sealed.slice(0, 2).map((s) => s.payload))).toEqual(payloadsOf([c, d]));
      for (const [s, original] of [
        [sealed[2]!, a],
        [sealed[3]!, b],
      ] as const) {
        const view = viewPayload(s.payload);
        const before = viewPayload(original.payload);
        expect(before.historical).toBe(false);
        expect(view.historical).toBe(true);
        expect(view.sharingLevel).toBe(1);
        expect(plain(view.otherFields)).toEqual(plain(before.otherFields));
      }
    });

    it('counts a record enqueued exactly liveWindowMs before now as live, one ms older as backlog', async () => {
      const { outbox, clock } = await open({ liveWindowMs: 10_000 });
      const [old, edge] = [testRecord(1), testRecord(2)] as const;
      await outbox.enqueue(old.payload, old.meta);
      clock.advance(1);
      await outbox.enqueue(edge.payload, edge.meta);
      const sealed = await outbox.seal(10, { now: AGENT_T0 + 1 + 10_000 });
      expect(sealed.map((s) => [s.firstTime, s.historical])).toEqual([
        [edge.meta.firstTime, false],
        [old.meta.firstTime, true],
      ]);
    });

    it('takes the oldest live records when max is smaller, and leaves the rest (and the backlog) for the next call', async () => {
      const { outbox, clock, publicKey } = await open({ liveWindowMs: 10_000 });
      const old = testRecord(1);
      await outbox.enqueue(old.payload, old.meta);
      clock.advance(60_000);
      const live = [testRecord(2), testRecord(3), testRecord(4)];
      for (const r of live) await outbox.enqueue(r.payload, r.meta);
      const first = await outbox.seal(2, { now: clock.time });
      expect(plain(first.map((s) => s.payload))).toEqual(payloadsOf(live.slice(0, 2)));
      expect((await outbox.stats()).pendingRecords).toBe(2);
      const second = await outbox.seal(10, { now: clock.time });
      expect(second.map((s) => [s.seq, s.firstTime, s.historical])).toEqual([
        [3n, live[2]!.meta.firstTime, false],
        [4n, old.meta.firstTime, true],
      ]);
      expectChain([...first, ...second], publicKey);
    });

    it('flags a record historical once it has aged out of the live window unsealed', async () => {
      const { outbox, clock } = await open({ liveWindowMs: 10_000 });
      const r = testRecord(1);
      await outbox.enqueue(r.payload, r.meta);
      clock.advance(10_001);
      const [sealed] = await outbox.seal(1, { now: clock.time });
      expect(sealed?.historical).toBe(true);
      expect(viewPayload(sealed!.payload).historical).toBe(true);
    });
  });
}
