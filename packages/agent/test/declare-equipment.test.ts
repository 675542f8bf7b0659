import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EquipmentRecord, Store } from '@rongtong/platform';
import { afterAll, describe, expect, it } from 'vitest';
import type { AgentConfigInput } from '../src/config/agent-config-schema.js';
import type { AgentSnapshot, UplinkSnapshot } from '../src/health/agent-snapshot.js';
import { startAgentProcess, writeEnrolledConfig, type AgentProcess, type ProcessEnrollment } from './support/agent-process.js';
import { eventually, useTestPlatform } from './support/uplink-platform.js';

type Config = Omit<AgentConfigInput, 'stateDir' | 'health'>;
type GeneratorSignal = { id: string; pattern: Record<string, unknown> };

const generated: GeneratorSignal[] = [
  { id: 'lathe-3/state', pattern: { type: 'state-cycle', states: [{ state: 'Executing', durationMs: 400 }, { state: 'OutOfService', durationMs: 200 }] } },
  { id: 'lathe-3/parts', pattern: { type: 'counter', ratePerSecond: 4, wrapsAt: 65536 } },
  { id: 'press-7/cycles', pattern: { type: 'counter', ratePerSecond: 2 } },
  { id: 'press-7/temp', pattern: { type: 'constant', value: 41.5 } },
];

const lathe = {
  id: 'lathe-3',
  name: '3号数控车床',
  class: 'cnc-lathe',
  path: [
    { level: 'site' as const, id: 'cq-1', name: '重庆一厂' },
    { level: 'line' as const, id: 'line-2' },
  ],
  idealUnitTimes: [{ idealUnitTime: 20_000 }, { productId: 'disc-a', idealUnitTime: 18_500 }],
  ratedCapacityPerHour: { value: 180, unit: '' },
  capabilities: [{ kind: 'process_segment' as const, id: 'machining.turning' }],
  shiftCalendarId: 'two-shift',
};

/** The agent config: a real-time generator, two machines, a raw and a kpi uplink (each in its own tenant). */
function config(address: string, signals: GeneratorSignal[], meaning: NonNullable<Config['signals']>, equipment: NonNullable<Config['equipment']>): Config {
  const uplink = (name: string, sharing: 'raw' | 'kpi') => ({ name, platform: address, sharing, tls: false as const, insecure: true, backoff: { initial: 50, max: 1000 } });
  return {
    agent: { name: 'declare-test' },
    sources: [{ id: 'gen', kind: 'generator', rate: 20, signals }],
    signals: meaning,
    equipment,
    batching: { maxSamples: 50, maxDelayMs: 100 },
    outbox: { durability: 'normal' },
    uplinks: [uplink('raw-platform', 'raw'), uplink('kpi-platform', 'kpi')],
  };
}

const meaning: NonNullable<Config['signals']> = [
  { id: 'lathe-3/state', name: '机床状态', equipment: 'lathe-3', source: 'gen', semantic: 'machine_state', stateMappings: [{ rawState: 'OutOfService', bucket: 'adet' }] },
  { id: 'lathe-3/parts', equipment: 'lathe-3', source: 'gen', semantic: 'produced_count', counter: { monotonic: true, wrapsAt: 65536, resetsOnJob: true } },
  { id: 'press-7/cycles', equipment: 'press-7', source: 'gen', semantic: 'cycle_count', counter: { monotonic: true }, partsPerCycle: 4 },
  { id: 'press-7/temp', equipment: 'press-7', source: 'gen', semantic: 'measurement', unit: 'Cel' },
];

async function equipmentOf(store: Store, tenantId: string): Promise<Map<string, EquipmentRecord>> {
  const page = await store.listEquipment(tenantId, '', { pageSize: 100, pageToken: '' });
  return new Map(page.items.map((e) => [e.id, e]));
}

const uplinkOf = (status: AgentSnapshot, name: string): UplinkSnapshot => status.uplinks.find((u) => u.name === name)!;

describe('rongtong-agent run declares its equipment and signals to every platform', () => {
  const fixture = useTestPlatform();
  const dir = mkdtempSync(join(tmpdir(), 'rongtong-declare-'));
  let path = '';
  let enrolled: Record<string, ProcessEnrollment> = {};
  let agent: AgentProcess | undefined;

  afterAll(async () => {
    await agent?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Rewrites the config (keeping the enrolments in the state directory) and runs the agent. */
  async function run(next: Config): Promise<AgentProcess> {
    await agent?.stop();
    if (path === '') ({ path, enrolled } = await writeEnrolledConfig(dir, next, fixture.p));
    else {
      const written = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      writeFileSync(path, JSON.stringify({ ...next, stateDir: written.stateDir, health: written.health }, null, 2));
    }
    agent = await startAgentProcess(path);
    return agent;
  }

  const batchCount = async (name: string): Promise<number> => {
    const { tenantId, agentId } = enrolled[name]!;
    return (await fixture.p.store.getBatches(tenantId, agentId, 1n, 1_000_000n)).length;
  };

  it('declares every configured equipment with its signals, semantics and ideal unit times, for a raw and a kpi uplink', async () => {
    const running = await run(config(fixture.p.address, generated, meaning, [lathe, { id: 'press-7', name: 'Press 7' }, { id: 'spare-1', name: 'Spare' }]));
    for (const name of ['raw-platform', 'kpi-platform']) {
      const { tenantId, agentId } = enrolled[name]!;
      await eventually(`${name}: equipment declared`, async () => (await equipmentOf(fixture.p.store, tenantId)).size === 3);
      const stored = await equipmentOf(fixture.p.store, tenantId);
      expect(stored.get('lathe-3')).toMatchObject({
        agentId,
        name: '3号数控车床',
        equipmentClass: 'cnc-lathe',
        path: [{ level: 'site', id: 'cq-1', name: '重庆一厂' }, { level: 'line', id: 'line-2' }],
        idealUnitTimes: [{ idealUnitTime: 20_000 }, { productId: 'disc-a', idealUnitTime: 18_500 }],
        ratedCapacityPerHour: { value: 180, unit: '' },
        capabilities: [{ kind: 'process_segment', id: 'machining.turning' }],
        shiftCalendarId: 'two-shift',
      });
      expect(stored.get('lathe-3')?.signals).toMatchObject([
        { id: 'lathe-3/state', name: '机床状态', semantic: 'machine_state', stateMappings: [{ rawState: 'OutOfService', bucket: 'adet' }], source: { kind: 'custom', sourceType: 'generator', attributes: { source: 'gen' } } },
        { id: 'lathe-3/parts', semantic: 'produced_count', counter: { monotonic: true, wrapsAt: 65536, resetsOnJob: true } },
      ]);
      expect(stored.get('press-7')?.signals).toMatchObject([
        { id: 'press-7/cycles', semantic: 'cycle_count', partsPerCycle: 4, counter: { monotonic: true } },
        { id: 'press-7/temp', semantic: 'measurement', unit: 'Cel' },
      ]);
      expect(stored.get('spare-1')?.signals).toEqual([]);
      // And the data streams after the declaration.
      await eventually(`${name}: batches stored`, async () => (await batchCount(name)) > 0);
    }
    const status = await running.status();
    for (const name of ['raw-platform', 'kpi-platform']) {
      expect(uplinkOf(status, name).declarations?.rejects).toEqual({});
      expect(uplinkOf(status, name).declarations?.accepted).toBeGreaterThanOrEqual(1);
    }
  }, 90_000);

  it('declares a new signal again after a restart', async () => {
    const speed: GeneratorSignal = { id: 'press-7/speed', pattern: { type: 'constant', value: 30 } };
    await run(
      config(
        fixture.p.address,
        [...generated, speed],
        [...meaning, { id: 'press-7/speed', equipment: 'press-7', source: 'gen', semantic: 'speed', unit: '/min' }],
        [lathe, { id: 'press-7', name: 'Press 7' }, { id: 'spare-1', name: 'Spare' }],
      ),
    );
    for (const name of ['raw-platform', 'kpi-platform']) {
      const { tenantId } = enrolled[name]!;
      await eventually(`${name}: new signal declared`, async () => (await equipmentOf(fixture.p.store, tenantId)).get('press-7')?.signals.length === 3);
      expect((await equipmentOf(fixture.p.store, tenantId)).get('press-7')?.signals[2]).toMatchObject({ id: 'press-7/speed', semantic: 'speed', unit: '/min' });
    }
  }, 90_000);

  it('counts a declaration the platform rejects, logs its reason without the token, and keeps streaming', async () => {
    // press-7's signals move to press-8 while press-7 (stored, holding them) leaves the config: ALREADY_EXISTS.
    const moved = meaning.map((s) => (s.equipment === 'press-7' ? { ...s, equipment: 'press-8' } : s));
    const before = { raw: await batchCount('raw-platform'), kpi: await batchCount('kpi-platform') };
    const running = await run(config(fixture.p.address, generated, moved, [lathe, { id: 'press-8', name: 'Press 8' }]));
    await eventually('both uplinks counted the reject', async () => {
      const status = await running.status();
      return ['raw-platform', 'kpi-platform'].every((name) => (uplinkOf(status, name).declarations?.rejects.ERROR_CODE_ALREADY_EXISTS ?? 0) >= 1);
    });
    await eventually('raw batches after the reject', async () => (await batchCount('raw-platform')) > before.raw + 2);
    await eventually('kpi batches after the reject', async () => (await batchCount('kpi-platform')) > before.kpi);
    const status = await running.status();
    for (const name of ['raw-platform', 'kpi-platform']) {
      expect(uplinkOf(status, name)).toMatchObject({ state: 'connected', fatal: null, rejects: {}, declarations: { accepted: 0 } });
      const { tenantId } = enrolled[name]!;
      expect([...(await equipmentOf(fixture.p.store, tenantId)).keys()].sort()).toEqual(['lathe-3', 'press-7', 'spare-1']);
    }
    expect(running.stderr()).toMatch(/equipment declaration rejected/);
    expect(running.stderr()).toMatch(/ERROR_CODE_ALREADY_EXISTS/);
    for (const name of ['raw-platform', 'kpi-platform']) {
      const { token } = JSON.parse(readFileSync(join(dir, 'state', 'uplinks', name, 'credentials.json'), 'utf8')) as { token: string };
      expect(running.stderr()).not.toContain(token);
      expect(running.stdout()).not.toContain(token);
    }
  }, 90_000);
});
