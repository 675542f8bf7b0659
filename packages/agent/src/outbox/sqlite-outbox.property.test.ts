import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateAgentKeyPair, toHex, verifyChain } from '@rongtong/core';
import { testRecord, viewPayload } from '@rongtong/testkit';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Outbox, SealedBatch } from './outbox.js';
import { createSqliteOutbox } from './sqlite-outbox.js';
import type { SqliteOutboxOptions } from './sqlite-outbox-options.js';

type Op =
  | { kind: 'enqueue'; signals: number; perSignal: number; advanceMs: number }
  | { kind: 'seal'; max: number; advanceMs: number }
  | { kind: 'ack'; fraction: number }
  | { kind: 'restart' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('enqueue' as const), signals: fc.integer({ min: 0, max: 3 }), perSignal: fc.integer({ min: 1, max: 4 }), advanceMs: fc.integer({ min: 0, max: 8000 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('seal' as const), max: fc.integer({ min: 0, max: 4 }), advanceMs: fc.integer({ min: 0, max: 8000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('ack' as const), fraction: fc.double({ min: 0, max: 1, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
);

const keys = generateAgentKeyPair();
const root = mkdtempSync(join(tmpdir(), 'rongtong-outbox-prop-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let runs = 0;

describe('SQLite outbox under any interleaving of enqueue, seal, acknowledge and restart (property)', () => {
  it('keeps a valid chain from genesis, and every enqueued sample is sealed or reported dropped exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 60, max: 1500 }),
        fc.integer({ min: 5_000, max: 60_000 }),
        fc.integer({ min: 0, max: 20_000 }),
        async (ops, maxBytes, maxAgeMs, liveWindowMs) => {
          let now = Date.UTC(2025, 0, 6, 9);
          runs += 1;
          const options: SqliteOutboxOptions = {
            path: join(root, `run-${runs}.db`),
            agentId: 'agt-prop',
            privateKeyPem: keys.privateKeyPem,
            sharingLevel: 'SHARING_LEVEL_RAW',
            quota: { maxBytes, maxAgeMs },
            liveWindowMs,
            durability: 'normal',
            now: () => now,
          };
          let outbox: Outbox = createSqliteOutbox(options);
          const sealed: SealedBatch[] = [];
          let enqueuedSamples = 0;
          let enqueuedRecords = 0;
          const enqueuedPayloads = new Set<string>();
          try {
            for (const op of ops) {
              if (op.kind === 'enqueue') {
                now += op.advanceMs;
                const signals = Array.from({ length: op.signals }, (_, i) => `sig-${i}`);
                const r = testRecord(enqueuedRecords, { signals, samplesPerSignal: op.perSignal });
                await outbox.enqueue(r.payload, r.meta);
                enqueuedRecords += 1;
                enqueuedSamples += r.meta.samples;
                enqueuedPayloads.add(toHex(r.payload));
              } else if (op.kind === 'seal') {
                now += op.advanceMs;
                const batch = await outbox.seal(op.max, { now });
                expect(batch.length).toBeLessThanOrEqual(op.max);
                sealed.push(...batch);
              } else if (op.kind === 'ack') {
                const { lastAckedSeq, lastSealedSeq } = await outbox.stats();
                const seq = lastAckedSeq + BigInt(Math.floor(op.fraction * Number(lastSealedSeq - lastAckedSeq)));
                await outbox.acknowledge(seq);
                expect((await outbox.sealed(0n, 1))[0]?.seq ?? lastSealedSeq + 1n).toBe(seq + 1n);
              } else {
                await outbox.close();
                outbox = createSqliteOutbox(options);
              }
            }
            for (let batch = await outbox.seal(7, { now }); batch.length > 0; batch = await outbox.seal(7, { now })) sealed.push(...batch);

            expect(verifyChain(sealed, keys.publicKey)).toMatchObject({ ok: true, lastSeq: BigInt(sealed.length) });
            const stats = await outbox.stats();
            const { lastAckedSeq } = stats;
            expect((await outbox.sealed(0n, 10_000)).map((b) => b.seq)).toEqual(sealed.filter((b) => b.seq > lastAckedSeq).map((b) => b.seq));
            const data = sealed.filter((b) => b.kind === 'data');
            const gaps = sealed.filter((b) => b.kind === 'gap').flatMap((b) => viewPayload(b.payload).gaps);
            const sealedSamples = data.reduce((n, b) => n + b.samples, 0);
            expect([stats.pendingRecords, stats.pendingBytes, stats.gapPending]).toEqual([0, 0, false]);
            expect(sealedSamples + stats.dropped.samples).toBe(enqueuedSamples);
            expect(data.length + stats.dropped.batches).toBe(enqueuedRecords);
            const sealedPayloads = data.map((b) => toHex(b.historical ? b.payload.subarray(0, -2) : b.payload));
            expect(new Set(sealedPayloads).size).toBe(data.length);
            expect(sealedPayloads.filter((p) => !enqueuedPayloads.has(p))).toEqual([]);
            expect(gaps.reduce((n, g) => n + Number(g.samplesDropped), 0)).toBe(stats.dropped.samples);
            expect(gaps.reduce((n, g) => n + Number(g.batchesDropped), 0)).toBe(stats.dropped.batches);
            expect(gaps.reduce((n, g) => n + Number(g.bytesDropped), 0)).toBe(stats.dropped.bytes);
          } finally {
            await outbox.close();
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
