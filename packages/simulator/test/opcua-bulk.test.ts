import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AttributeIds, BrowseDirection, TimestampsToReturn, type DataValue } from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../src/cli/command.js';
import { runCli } from '../src/cli/run-cli.js';
import { createBulkSchedule, startOpcuaSimulator, type BulkSchedule, type OpcuaSimulator } from '../src/index.js';
import { connectTestClient, type TestClient } from './support/opcua-test-client.js';

const START = Date.parse('2030-01-01T00:00:00.000Z');
const COUNT = 50;
const INTERVAL_MS = 100;

/** Polls `condition` every 20 ms; fails after 10 s. */
async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (const deadline = Date.now() + 10_000; !condition(); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('startOpcuaSimulator with bulk variables', () => {
  let pkiDir: string;
  let sim: OpcuaSimulator;
  let client: TestClient;
  let schedule: BulkSchedule;

  beforeAll(async () => {
    pkiDir = mkdtempSync(join(tmpdir(), 'rongtong-sim-bulk-'));
    sim = await startOpcuaSimulator({ machines: [{ kind: 'legacy', id: 'Legacy1' }], bulk: { count: COUNT, intervalMs: INTERVAL_MS }, speed: 0, startTime: START, pkiDir });
    client = await connectTestClient(sim.endpointUrl);
    schedule = createBulkSchedule({ count: COUNT, intervalMs: INTERVAL_MS, startTime: START });
  });

  afterAll(async () => {
    await client?.close();
    await sim?.stop();
    rmSync(pkiDir, { recursive: true, force: true });
  });

  it('lists the variables under Objects/Bulk with their initial values at the start', async () => {
    const ns = sim.namespaceIndex;
    expect(sim.bulk).toMatchObject({ count: COUNT, intervalMs: INTERVAL_MS, startTime: START, folderNodeId: `ns=${ns};s=bulk`, browsePath: 'Objects/Bulk' });
    expect(sim.bulk!.nodeIds).toEqual(Array.from({ length: COUNT }, (_, i) => `ns=${ns};s=bulk/${String(i).padStart(5, '0')}`));
    const browsed = await client.session.browse({ nodeId: `ns=${ns};s=bulk`, browseDirection: BrowseDirection.Forward, referenceTypeId: 'Organizes', includeSubtypes: true, nodeClassMask: 0, resultMask: 63 });
    expect(browsed.references?.map((r) => r.nodeId.toString())).toEqual(sim.bulk!.nodeIds);
    expect(browsed.references?.[42]?.browseName.name).toBe('00042');
    const value = await client.read(`ns=${ns};s=bulk/00007`);
    expect(value.value.value).toBe(7);
    expect(value.sourceTimestamp?.getTime()).toBe(START);
    // The machines are still there.
    expect(sim.machines.map((m) => m.id)).toEqual(['Legacy1']);
  });

  it('publishes every change in time order with its simulated time; a jump writes only the latest', async () => {
    const subscription = await client.session.createSubscription2({ requestedPublishingInterval: 50, requestedMaxKeepAliveCount: 20, publishingEnabled: true });
    const received = new Map<number, { value: number; time: number }[]>();
    const group = await subscription.monitorItems(
      sim.bulk!.nodeIds.map((nodeId) => ({ nodeId, attributeId: AttributeIds.Value })),
      { samplingInterval: 0, queueSize: 1000, discardOldest: true },
      TimestampsToReturn.Both,
    );
    group.on('changed', (_item: unknown, dv: DataValue, index: number) => {
      const list = received.get(index) ?? [];
      list.push({ value: dv.value.value as number, time: dv.sourceTimestamp!.getTime() });
      received.set(index, list);
    });
    await waitFor(() => received.size === COUNT, 'the initial values');

    // 5½ intervals in steps of 50 ms, then 1 more ms: the first 26 variables (offset ≤ 51 ms) changed 5 times, the others 4.
    for (let i = 0; i < 11; i += 1) sim.advance(50);
    sim.advance(1);
    const now = START + 551;
    const expectedChanges = schedule.changesUntil(now);
    expect(expectedChanges).toBe(4 * COUNT + 26);
    expect(sim.bulkStats()).toEqual({ changes: expectedChanges, written: expectedChanges, coalesced: 0 });
    const total = (): number => [...received.values()].reduce((n, l) => n + l.length, 0);
    await waitFor(() => total() === COUNT + expectedChanges, `${expectedChanges} changes`);
    for (let i = 0; i < COUNT; i += 1) {
      const { value: last } = schedule.valueAt(i, now);
      const expected = Array.from({ length: Math.floor(last / COUNT) + 1 }, (_, n) => ({ value: n * COUNT + i, time: n === 0 ? START : START + n * INTERVAL_MS + schedule.offset(i) }));
      expect(received.get(i), `variable ${i}`).toEqual(expected);
    }

    // Twelve intervals at once: each variable's latest 10 changes only (MAX_PENDING_ROUNDS).
    sim.advance(12 * INTERVAL_MS);
    const later = START + 551 + 12 * INTERVAL_MS;
    const stats = sim.bulkStats()!;
    expect(stats.changes).toBe(schedule.changesUntil(later));
    expect(stats.written).toBe(expectedChanges + 10 * COUNT);
    expect(stats.coalesced).toBe(2 * COUNT);
    await waitFor(() => total() === COUNT + expectedChanges + 10 * COUNT, 'the latest values');
    for (let i = 0; i < COUNT; i += 1) {
      const { value: last } = schedule.valueAt(i, later);
      expect(received.get(i)!.slice(-10), `variable ${i}`).toEqual(
        Array.from({ length: 10 }, (_, k) => schedule.valueAt(i, schedule.change(last - (9 - k) * COUNT).time)),
      );
    }
    await subscription.terminate();
  });
});

describe('rongtong-sim opcua --bulk', () => {
  it('serves the bulk variables without machines and prints where they are', async () => {
    const pkiDir = mkdtempSync(join(tmpdir(), 'rongtong-sim-bulk-cli-'));
    const out: string[] = [];
    const err: string[] = [];
    let stop: (signal: string) => void = () => undefined;
    const io: CliIo = {
      out: (text) => {
        out.push(text);
        if (text.startsWith('running until')) stop('SIGTERM');
      },
      err: (text) => err.push(text),
      untilStopped: () => new Promise<string>((resolve) => (stop = resolve)),
    };
    try {
      expect(await runCli(['opcua', '--port', '0', '--bulk', '20:250', '--speed', '0', '--pki-dir', pkiDir], io)).toBe(0);
    } finally {
      rmSync(pkiDir, { recursive: true, force: true });
    }
    expect(err).toEqual([]);
    const ns = /^namespace: urn:rongtong:simulator \(ns=(\d+)\)$/m.exec(out.join('\n'))?.[1];
    expect(out).toContain(`bulk: 20 Double variables under Objects/Bulk (ns=${ns};s=bulk), ns=${ns};s=bulk/00000 … ns=${ns};s=bulk/00019, each changing every 250 simulated ms, staggered`);
    expect(out).toContain('machines:');
    // At the stop, before the ground truth: what the bulk variables published (speed 0: nothing changed).
    expect(out).toContain('bulk: 0 changes, 0 written, 0 coalesced (clock jumps)');
  });
});
