import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSampleDeriver } from '@rongtong/core';
import { batchRecord, enrollInput, enrollmentTokenRecord, enterpriseRecord, equipmentRecord, feedEvent, tenantRecord } from '@rongtong/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { createSignalDirectory } from '../ingest/signal-directory.js';
import { createPlatformEvents } from '../platform-events.js';
import type { CountFact, EquipmentFact } from '../store/capacity-records.js';
import { createSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { createRawFactDeriver, deriveRawFacts, factsOf, type RawFactDeriverOptions } from './raw-facts.js';
import { AGENT_SIGNALS, MIN, SIGNALS, T, canonical, chainedInputs, digestOf, rawPayload, rawPayloadBytes, sample, sampleStream } from './test-support/raw-batches.js';

const dir = mkdtempSync(join(tmpdir(), 'rongtong-raw-facts-'));
const stores: Store[] = [];
afterAll(async () => {
  for (const store of stores) await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A SQLite store with tenant-a / ent-1, agent agt-1 and equipment m1, m2 declared with the test signals. */
async function newStore(): Promise<Store> {
  const store = createSqliteStore({ path: join(dir, `store-${stores.length}.db`) });
  stores.push(store);
  await store.createTenant(tenantRecord('tenant-a'));
  await store.createEnterprise(enterpriseRecord('tenant-a', 'ent-1', 1), feedEvent('tenant-a', 'enterprise_changed'));
  await store.createToken(enrollmentTokenRecord('tenant-a', 'ent-1', 'enr-1'));
  expect((await store.enrollAgent(enrollInput('enr-1', 'agt-1'))).ok).toBe(true);
  await store.upsertEquipment(
    [equipmentRecord('tenant-a', 'ent-1', 'm1', { signals: SIGNALS.m1 }), equipmentRecord('tenant-a', 'ent-1', 'm2', { signals: SIGNALS.m2 })],
    [],
  );
  return store;
}

function deriverOn(store: Store, extra: Partial<RawFactDeriverOptions> = {}) {
  const signals = createSignalDirectory({ store, events: createPlatformEvents(), now: () => T });
  return createRawFactDeriver({ store, signals, ...extra });
}

async function deriveAll(deriver: ReturnType<typeof createRawFactDeriver>, inputs: ReturnType<typeof chainedInputs>): Promise<EquipmentFact[]> {
  const facts: EquipmentFact[] = [];
  for (const input of inputs) facts.push(...(await deriveRawFacts(deriver, input)));
  return facts;
}

const source = { tenantId: 'tenant-a', enterpriseId: 'ent-1', agentId: 'agt-1', seq: 0n };

describe('createRawFactDeriver: facts of RAW batches', () => {
  const stream = sampleStream(5);
  // What a KPI-level agent derives from the same samples (its KPI deriver is core's sample deriver over its signals[]).
  const agent = canonical(factsOf(source, createSampleDeriver({ signals: AGENT_SIGNALS }).derive(stream)));

  it('gives the facts the agent derives, however the stream is split into batches', async () => {
    const store = await newStore();
    expect(agent.filter((f) => f.kind === 'state').length).toBeGreaterThan(20);
    expect(agent.filter((f) => f.kind === 'count').map((f) => f.equipmentId)).toEqual(['m1', 'm1', 'm1', 'm1', 'm2', 'm2', 'm2', 'm2']);
    const counts = agent.filter((f): f is Omit<CountFact, 'seq'> => f.kind === 'count');
    expect(counts.reduce((n, c) => n + c.wrapsDetected, 0)).toBeGreaterThan(0);
    expect(counts.reduce((n, c) => n + c.resetsDetected, 0)).toBeGreaterThan(0);
    for (const [i, sizes] of [[stream.length], [1], [10], [3, 17, 1, 40, 7]].entries()) {
      const facts = await deriveAll(deriverOn(store), chainedInputs(stream, sizes, `split-${i}`));
      expect(canonical(facts)).toEqual(agent);
    }
  });

  it('gives each fact the seq of the batch that closes it', async () => {
    const inputs = chainedInputs(stream, [25]);
    const facts = await deriveAll(deriverOn(await newStore()), inputs);
    for (const fact of facts) {
      const batch = inputs[Number(fact.seq) - 1]!;
      const latest = Math.max(...batch.payload.samples.map((s) => Number(s.sourceTime?.seconds) * 1000));
      expect(fact.endTime).toBeLessThanOrEqual(latest);
      expect(fact).toMatchObject({ tenantId: 'tenant-a', enterpriseId: 'ent-1', agentId: 'agt-1' });
    }
    expect(new Set(facts.map((f) => f.seq)).size).toBeGreaterThan(5);
  });

  it('counts across a wrap, a reset and a downward correction, one count per equipment and hour', async () => {
    const samples = [
      sample('m1/count', 5, 65_530n),
      sample('m2/cycles', 0.5, 100),
      sample('m1/count', 20, 65_535n),
      sample('m2/cycles', 30, 104),
      sample('m1/count', 40, 3n), // wrap: +4
      sample('m2/cycles', 45, 101), // correction: nothing counted, no reset
      sample('m1/count', 50, 10n),
      sample('m1/count', 70, 2n), // reset: +2
      sample('m2/cycles', 75, 103),
      sample('m1/count', 90, 5n),
      sample('m1/count', 125, 6n),
      sample('m2/cycles', 130, 104),
    ];
    const facts = await deriveAll(deriverOn(await newStore()), chainedInputs(samples, [4, 4, 4]));
    const counts = facts.filter((f): f is CountFact => f.kind === 'count');
    const view = counts
      .map((c) => [c.equipmentId, (c.startTime - T) / MIN, (c.endTime - T) / MIN, c.producedQuantity, c.resetsDetected, c.wrapsDetected, c.seq])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])) || Number(a[1]) - Number(b[1]));
    expect(view).toEqual([
      ['m1', 0, 60, 16, 0, 1, 2n],
      ['m1', 60, 120, 5, 1, 0, 3n],
      ['m2', 0, 60, 8, 0, 0, 3n],
      ['m2', 60, 120, 4, 0, 0, 3n],
    ]);
  });

  it('keeps the carry of the batch that was committed when a seq is derived twice with different contents', async () => {
    const deriver = deriverOn(await newStore());
    const first = { tenantId: 'tenant-a', enterpriseId: 'ent-1', agentId: 'agt-1', seq: 1n, prevHash: digestOf('x', 0n), digest: digestOf('x', 1n) };
    await deriver.derive({ ...first, payload: rawPayload([sample('m1/state', 0, 'Executing')]) });
    await deriver.derive({ ...first, seq: 2n, prevHash: first.digest, digest: digestOf('lost', 2n), payload: rawPayload([sample('m1/state', 10, 'OutOfService')]) });
    await deriver.derive({ ...first, seq: 2n, prevHash: first.digest, digest: digestOf('won', 2n), payload: rawPayload([sample('m1/state', 20, 'NotExecuting')]) });
    const facts = await deriver.derive({ ...first, seq: 3n, prevHash: digestOf('won', 2n), digest: digestOf('won', 3n), payload: rawPayload([sample('m1/state', 30, 'Executing')]) });
    expect(facts.map((f) => f.kind === 'state' && [f.rawState, (f.startTime - T) / MIN, (f.endTime - T) / MIN])).toEqual([['NotExecuting', 20, 30]]);
  });
});

describe('createRawFactDeriver: cold start', () => {
  it('rebuilds the carry from the stored batches after a restart and derives what it would have', async () => {
    const store = await newStore();
    const inputs = chainedInputs(sampleStream(4, 11), [30], 'agt-1');
    const live = deriverOn(store);
    const liveFacts: EquipmentFact[][] = [];
    for (const input of inputs) {
      const facts = await live.derive(input);
      liveFacts.push(facts);
      const batch = batchRecord('tenant-a', 'agt-1', input.seq, { payload: batchPayloadOf(input), sharingLevel: 'raw' });
      expect((await store.commitBatch({ batch, events: [], facts })).status).toBe('committed');
    }
    expect(inputs.length).toBeGreaterThan(8);
    for (const k of [2, 5, inputs.length]) {
      const restarted = deriverOn(store);
      expect(await restarted.derive(inputs[k - 1]!)).toEqual(liveFacts[k - 1]);
    }
    expect(liveFacts.flat().length).toBeGreaterThan(20);
  });

  it('replays at most maxReplayBatches: an interval open before the window starts at the first sample seen', async () => {
    const store = await newStore();
    const inputs = chainedInputs([sample('m1/state', 0, 'Executing'), sample('m1/count', 10, 5n), sample('m1/state', 30, 'NotExecuting')], [1], 'agt-1');
    for (const input of inputs.slice(0, 2)) {
      const batch = batchRecord('tenant-a', 'agt-1', input.seq, { payload: batchPayloadOf(input), sharingLevel: 'raw' });
      expect((await store.commitBatch({ batch, events: [] })).status).toBe('committed');
    }
    const full = await deriverOn(store).derive(inputs[2]!);
    expect(full.map((f) => f.kind === 'state' && [f.rawState, (f.startTime - T) / MIN, (f.endTime - T) / MIN, f.seq])).toEqual([['Executing', 0, 30, 3n]]);
    expect(await deriverOn(store, { maxReplayBatches: 1 }).derive(inputs[2]!)).toEqual([]);
  });

  it('passes the carry through batches without samples and never replays for them', async () => {
    const calls: bigint[] = [];
    const store = await newStore();
    const counting: Pick<Store, 'getBatches'> = {
      getBatches: (...args) => {
        calls.push(args[2]);
        return store.getBatches(...args);
      },
    };
    const deriver = deriverOn(store, { store: counting });
    const [a, b] = chainedInputs([sample('m1/state', 0, 'Executing'), sample('m1/state', 12, 'Setup')], [1]);
    expect(await deriver.derive(a!)).toEqual([]);
    const empty = { ...b!, seq: 2n, digest: digestOf('e', 2n), payload: rawPayload([]) };
    expect(await deriver.derive(empty)).toEqual([]);
    expect(await deriver.derive({ ...empty, seq: 9n, prevHash: digestOf('e', 8n), digest: digestOf('e', 9n) })).toEqual([]);
    const facts = await deriver.derive({ ...b!, seq: 3n, prevHash: empty.digest, digest: digestOf('e', 3n) });
    expect(facts.map((f) => f.seq)).toEqual([3n]);
    expect(calls).toEqual([]);
  });
});

/** The raw payload bytes of an input (re-encoded from its samples' decoded form). */
function batchPayloadOf(input: ReturnType<typeof chainedInputs>[number]): Uint8Array {
  return rawPayloadBytes(
    input.payload.samples.map((s) => ({
      signalId: s.signalId,
      sourceTime: Number(s.sourceTime?.seconds) * 1000 + (s.sourceTime?.nanos ?? 0) / 1e6,
      value: s.value?.stringValue ?? (s.value?.intValue === undefined ? s.value?.doubleValue : BigInt(s.value.intValue)),
      quality: s.quality === 'QUALITY_GOOD' ? 'good' : s.quality === 'QUALITY_BAD' ? 'bad' : 'uncertain',
    })),
  );
}
