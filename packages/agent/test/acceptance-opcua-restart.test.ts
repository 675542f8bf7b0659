import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OPCUA_STATUS, routeNodeOpcuaLogs, silentOpcuaLogger } from '@rongtong/opcua';
import { toMillis } from '@rongtong/protocol';
import { startOpcuaSimulator, type OpcuaSimulator, type OpcuaSimulatorOptions } from '@rongtong/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { SignalConfigSchema } from '../src/config/signal-config.js';
import { startAgentProcess, writeEnrolledConfig, type AgentProcess } from './support/agent-process.js';
import { storedBatches, valueOf } from './support/stored-batches.js';
import { eventually, useTestPlatform } from './support/uplink-platform.js';

// node-opcua (the simulator's server) prints its warnings on the console.
routeNodeOpcuaLogs(silentOpcuaLogger);

/** How long the server stays away: several of the agent's retries (backoff 0.2 s doubling to 1 s). */
const OUTAGE_MS = 3000;
/** The acceptance bound: the agent reads again within this of the server's return. */
const RESUME_BOUND_MS = 5000;

/** Machines that change every second or two at real-time speed, so that values flow before and after the outage. */
const MACHINES: OpcuaSimulatorOptions['machines'] = [
  { kind: 'cnc', id: 'CNC1', params: { cycleMs: [800, 1500], setupMs: [1000, 2000], offChance: 0, maintenanceChance: 0, idleMs: [500, 1000], repairMs: [500, 1000] } },
  { kind: 'legacy', id: 'Press1', params: { cycleMs: [800, 1500], setupMs: [1000, 2000], offChance: 0, maintenanceChance: 0, waitMs: [500, 1000], repairMs: [500, 1000] } },
];

/** A `signals[]` entry as written. */
type SignalConfigInput = z.input<typeof SignalConfigSchema>;

interface StoredGoodOrBad {
  readonly signalId: string;
  readonly sourceTime: number;
  readonly quality: string;
  readonly sourceStatus: number | undefined;
  readonly hasValue: boolean;
  readonly commitTime: number;
}

describe('acceptance: the OPC UA server restarts under a running agent (child process)', () => {
  const fixture = useTestPlatform();
  let dir: string;
  let sim: OpcuaSimulator | undefined;
  let agent: AgentProcess | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rongtong-acceptance-opcua-restart-'));
  });
  afterAll(async () => {
    await agent?.stop(2000);
    await sim?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the gap shows as one bad sample per signal, nothing is invented for it, and the agent reads again within 5 s of the return', async () => {
    const platform = fixture.p;
    // Real-time clock: source times (simulated) and the test's clock agree.
    const simOptions = (port: number): OpcuaSimulatorOptions => ({ machines: MACHINES, speed: 1, seed: 5, startTime: Date.now(), port, pkiDir: join(dir, 'sim-pki'), tickMs: 50 });
    sim = await startOpcuaSimulator(simOptions(0));
    const port = sim.port;
    const [cnc, press] = sim.machines;
    const address = (nodeId: string | undefined) => {
      if (nodeId === undefined) throw new Error('the simulator did not list a variable the test reads');
      return { kind: 'opcua' as const, nodeId };
    };
    const signals: SignalConfigInput[] = [
      { id: 'CNC1/state', equipment: 'CNC1', source: 'sim', semantic: 'machine_state', address: address(cnc!.variables.machineryItemState) },
      { id: 'CNC1/mode', equipment: 'CNC1', source: 'sim', semantic: 'operation_mode', address: address(cnc!.variables.machineryOperationMode) },
      { id: 'CNC1/parts', equipment: 'CNC1', source: 'sim', semantic: 'produced_count', counter: { monotonic: true }, address: address(cnc!.variables.partsProducedInLifetime) },
      { id: 'Press1/status', equipment: 'Press1', source: 'sim', semantic: 'measurement', address: address(press!.variables.status) },
      { id: 'Press1/shots', equipment: 'Press1', source: 'sim', semantic: 'cycle_count', counter: { monotonic: true }, address: address(press!.variables.machineCycleCounter) },
    ];
    const ids = signals.map((s) => s.id);
    const { path, enrolled } = await writeEnrolledConfig(
      dir,
      {
        agent: { name: 'opcua-restart' },
        sources: [
          { id: 'sim', kind: 'opcua', endpointUrl: sim.endpointUrl, securityMode: 'None', samplingInterval: 0, publishingInterval: 100, backoff: { initialMs: 200, maxMs: 1000 } },
        ],
        signals,
        equipment: [
          { id: 'CNC1', name: 'CNC1' },
          { id: 'Press1', name: 'Press1' },
        ],
        batching: { maxSamples: 1000, maxDelayMs: 50 },
        outbox: { durability: 'normal' },
        uplinks: [{ name: 'raw', platform: platform.address, sharing: 'raw', tls: false, insecure: true, backoff: { initial: 50, max: 500 } }],
      },
      platform,
    );
    const raw = enrolled.raw!;
    agent = await startAgentProcess(path);
    const running = agent;
    const stored = async (): Promise<StoredGoodOrBad[]> =>
      (await storedBatches(platform.store, raw.tenantId, raw.agentId)).flatMap((b) =>
        b.payload.samples.map((s) => ({
          signalId: s.signalId,
          sourceTime: toMillis(s.sourceTime),
          quality: s.quality,
          sourceStatus: s.sourceStatus ?? undefined,
          hasValue: valueOf(s.value) !== undefined,
          commitTime: b.commitTime,
        })),
      );
    const countersOf = async () => (await running.status()).sources[0]!.counters;

    // Values flowing: every signal read, and the machines moving.
    await eventually('values of every signal stored, and some changes', async () => {
      const s = await stored();
      return ids.every((id) => s.some((x) => x.signalId === id)) && s.length >= ids.length + 5;
    }, 30_000);

    // The server goes away mid-run.
    const stopAt = Date.now();
    const lastSimTime = Date.parse((await sim.stop()).simulatedTime);
    sim = undefined;
    await eventually('the agent marked the loss', async () => (await countersOf()).gap_samples === ids.length, 10_000);
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
    expect((await running.status()).sources[0]!.state).not.toBe('connected');

    // It comes back on the same port (a fresh server: its values are stamped from its start on).
    const backAt = Date.now();
    sim = await startOpcuaSimulator(simOptions(port));
    const upAt = Date.now();
    expect(sim.port).toBe(port);
    await eventually('a good value of every signal after the return', async () => {
      const s = await stored();
      return ids.every((id) => s.some((x) => x.signalId === id && x.quality === 'QUALITY_GOOD' && x.sourceTime >= backAt));
    }, 20_000);
    const counters = await countersOf();
    expect(counters).toMatchObject({ connection_losses: 1, reconnects: 1, connections: 2, gap_samples: ids.length });
    expect(await running.stop()).toBe(0);
    agent = undefined;

    const samples = await stored();
    // No value stored twice (e.g. an old value sent again after the reconnect).
    const keys = samples.filter((s) => s.quality === 'QUALITY_GOOD').map((s) => `${s.signalId}@${s.sourceTime}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    const resumedAfter: number[] = [];
    for (const id of ids) {
      const mine = samples.filter((s) => s.signalId === id);
      const bad = mine.filter((s) => s.quality !== 'QUALITY_GOOD');
      // One bad sample, at the loss, without a value, with the status the connection ended with.
      expect(bad, id).toHaveLength(1);
      const gap = bad[0]!;
      expect(gap.hasValue, id).toBe(false);
      expect(gap.quality, id).toBe('QUALITY_BAD');
      expect([OPCUA_STATUS.BadConnectionClosed, OPCUA_STATUS.BadCommunicationError], `${id} status ${gap.sourceStatus}`).toContain(gap.sourceStatus);
      expect(gap.sourceTime, id).toBeGreaterThanOrEqual(stopAt);
      expect(gap.sourceTime, id).toBeLessThan(backAt);
      // Before it only values from before the stop; after it only values from after the return.
      const before = mine.filter((s) => s.quality === 'QUALITY_GOOD' && s.sourceTime <= gap.sourceTime);
      const after = mine.filter((s) => s.quality === 'QUALITY_GOOD' && s.sourceTime > gap.sourceTime);
      expect(before.length, id).toBeGreaterThan(0);
      expect(after.length, id).toBeGreaterThan(0);
      expect(before.every((s) => s.sourceTime <= lastSimTime), id).toBe(true);
      // Nothing invented for the outage: no good value stamped between the last one the old server made and the new server's start.
      expect(
        mine.filter((s) => s.quality === 'QUALITY_GOOD' && s.sourceTime > lastSimTime && s.sourceTime < backAt).map((s) => new Date(s.sourceTime).toISOString()),
        id,
      ).toEqual([]);
      // Resumed: the first value after the return committed by the platform within the bound.
      const firstAfter = Math.min(...after.map((s) => s.commitTime));
      resumedAfter.push(firstAfter - upAt);
    }
    console.info(`opcua restart acceptance: first value per signal committed ${resumedAfter.join(', ')} ms after the server was back`);
    for (const ms of resumedAfter) expect(ms).toBeLessThanOrEqual(RESUME_BOUND_MS);
  }, 90_000);
});
