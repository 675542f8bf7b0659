import { describe, expect, it } from 'vitest';
import type { Bus } from '@rongtong/platform';
import { freshPerTest } from './per-test.js';
import { sleep, waitFor } from './wait-for.js';

/** What a bus factory gives the contract suite. */
export interface BusUnderTest {
  /** A new bus. The suite closes it after each test. */
  bus: Bus;
  /** Called after the bus is closed (e.g. to delete streams or stop a server). */
  cleanup?(): Promise<void>;
}

/** Makes one new bus per test. */
export type BusFactory = () => Promise<BusUnderTest>;

/** Options of `busContractSuite`. */
export interface BusContractOptions {
  /**
   * How long to wait for a message that should not arrive before concluding it did not,
   * after a later message on the same topic did (default 50 ms). Raise it for buses
   * whose subscriptions do not share one ordered connection.
   */
  quietMs?: number;
}

const text = (s: string) => new TextEncoder().encode(s);
const decode = (m: Uint8Array) => new TextDecoder().decode(m);

/** A subscriber that records what it gets. */
function recorder() {
  const received: Uint8Array[] = [];
  return { received, texts: () => received.map(decode), handler: (m: Uint8Array) => void received.push(m) };
}

/**
 * The contract every `Bus` implementation passes (in-process, NATS, …): delivery to all
 * subscribers of a topic, in publish order, byte for byte; unsubscribe; isolation between
 * topics; a throwing subscriber breaks neither publish nor the other subscribers; close
 * stops delivery and is idempotent. Deliveries may be asynchronous: the suite waits.
 */
export function busContractSuite(name: string, factory: BusFactory, options: BusContractOptions = {}): void {
  const quietMs = options.quietMs ?? 50;
  describe(`Bus contract: ${name}`, () => {
    const bus: () => Bus = freshPerTest('bus', factory);

    it('delivers each message to every subscriber of its topic, in publish order', async () => {
      const a = recorder();
      const b = recorder();
      bus().subscribe('rongtong.test.one', a.handler);
      bus().subscribe('rongtong.test.one', b.handler);
      for (const m of ['1', '2', '3']) await bus().publish('rongtong.test.one', text(m));
      await waitFor('three messages at both subscribers', () => a.received.length >= 3 && b.received.length >= 3);
      expect(a.texts()).toEqual(['1', '2', '3']);
      expect(b.texts()).toEqual(['1', '2', '3']);
    });

    it('delivers the bytes exactly, including empty and binary messages', async () => {
      const r = recorder();
      bus().subscribe('rongtong.test.bytes', r.handler);
      const all = Uint8Array.from({ length: 256 }, (_, i) => i);
      await bus().publish('rongtong.test.bytes', all);
      await bus().publish('rongtong.test.bytes', new Uint8Array(0));
      await bus().publish('rongtong.test.bytes', text('18446744073709551615'));
      await waitFor('three messages', () => r.received.length >= 3);
      expect(Array.from(r.received[0]!)).toEqual(Array.from(all));
      expect(r.received[1]!.byteLength).toBe(0);
      expect(decode(r.received[2]!)).toBe('18446744073709551615');
    });

    it('keeps topics apart', async () => {
      const one = recorder();
      const two = recorder();
      bus().subscribe('rongtong.test.one', one.handler);
      bus().subscribe('rongtong.test.two', two.handler);
      await bus().publish('rongtong.test.two', text('for two'));
      await bus().publish('rongtong.test.one', text('for one'));
      await waitFor('one message on each topic', () => one.received.length >= 1 && two.received.length >= 1);
      await sleep(quietMs);
      expect(one.texts()).toEqual(['for one']);
      expect(two.texts()).toEqual(['for two']);
    });

    it('stops delivering to a subscriber once it unsubscribes, and only to it', async () => {
      const gone = recorder();
      const stays = recorder();
      const unsubscribe = bus().subscribe('rongtong.test.one', gone.handler);
      bus().subscribe('rongtong.test.one', stays.handler);
      await bus().publish('rongtong.test.one', text('before'));
      await waitFor('the first message at both', () => gone.received.length >= 1 && stays.received.length >= 1);
      unsubscribe();
      unsubscribe();
      await bus().publish('rongtong.test.one', text('after'));
      await waitFor('the second message at the remaining subscriber', () => stays.received.length >= 2);
      await sleep(quietMs);
      expect(gone.texts()).toEqual(['before']);
      expect(stays.texts()).toEqual(['before', 'after']);
    });

    it('keeps delivering to the others, and publish resolves, when a subscriber throws', async () => {
      const r = recorder();
      bus().subscribe('rongtong.test.one', () => {
        throw new Error('subscriber bug');
      });
      bus().subscribe('rongtong.test.one', r.handler);
      await expect(bus().publish('rongtong.test.one', text('x'))).resolves.toBeUndefined();
      await bus().publish('rongtong.test.one', text('y'));
      await waitFor('both messages at the healthy subscriber', () => r.received.length >= 2);
      expect(r.texts()).toEqual(['x', 'y']);
    });

    it('delivers nothing after close, and close can be called again', async () => {
      const r = recorder();
      bus().subscribe('rongtong.test.one', r.handler);
      await bus().publish('rongtong.test.one', text('early'));
      await waitFor('the message before close', () => r.received.length >= 1);
      await bus().close();
      await bus().publish('rongtong.test.one', text('late')).catch(() => undefined);
      bus().subscribe('rongtong.test.one', r.handler);
      await bus().publish('rongtong.test.one', text('later')).catch(() => undefined);
      await sleep(quietMs);
      expect(r.texts()).toEqual(['early']);
      await expect(bus().close()).resolves.toBeUndefined();
    });
  });
}
