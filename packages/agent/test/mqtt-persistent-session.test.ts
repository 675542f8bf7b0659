import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MqttSimulator, startMqttSimulator } from '@rongtong/simulator';
import { describe, expect, it } from 'vitest';
import { type AgentProcess, type ProcessEnrollment, startAgentProcess, writeEnrolledConfig } from './support/agent-process.js';
import { dtuSignals, dtuSource, freePort } from './support/dtu-agent-config.js';
import { duplicateSamples, samplesBySignal, samplesOf, storedBatches } from './support/stored-batches.js';
import { type TestPlatform, eventually, useTestPlatform } from './support/uplink-platform.js';

const mosquittoUrl = process.env.RONGTONG_TEST_MQTT_URL;
if (!mosquittoUrl) console.log('agent: persistent session test on Mosquitto skipped: set RONGTONG_TEST_MQTT_URL, e.g. RONGTONG_TEST_MQTT_URL=mqtt://127.0.0.1:1883');

/** One simulated hour ago, to the minute: source times the platform takes as recent. */
const START = Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000;
const MINUTE = 60_000;

/** What the platform holds of DTU1, once it holds `count` state samples. */
async function storedDtu1(platform: TestPlatform, enrolled: ProcessEnrollment, count: number) {
  const read = async () => samplesOf(await storedBatches(platform.store, enrolled.tenantId, enrolled.agentId));
  await eventually(`the platform stored ${count} DTU1 messages`, async () => (samplesBySignal(await read()).get('DTU1/state')?.length ?? 0) >= count, 15_000);
  return read();
}

/** Every message DTU1 published is stored exactly once: one state and one counter sample each, the counter ending at the ground truth. */
function expectExactlyOnce(stored: Awaited<ReturnType<typeof storedDtu1>>, sim: MqttSimulator): void {
  const published = sim.stats().DTU1!.published;
  expect(duplicateSamples(stored)).toEqual([]);
  const bySignal = samplesBySignal(stored);
  expect(bySignal.get('DTU1/state')).toHaveLength(published);
  expect(bySignal.get('DTU1/produced')).toHaveLength(published);
  const truth = sim.groundTruth().machines.find((m) => m.id === 'DTU1')!;
  expect(bySignal.get('DTU1/produced')!.at(-1)!.value).toBe(BigInt(truth.totals.produced));
}

describe('rongtong-agent run: QoS 1 messages published while the agent is stopped arrive after its restart, once', () => {
  const fixture = useTestPlatform();
  const tempDir = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    fixture.cleanups.push(() => Promise.resolve(rmSync(dir, { recursive: true, force: true })));
    return dir;
  };
  const started = (agent: AgentProcess) => {
    fixture.cleanups.push(async () => void (await agent.stop()));
    return agent;
  };
  const readerConfig = (url: string, platform: TestPlatform, extra: Record<string, unknown>, prefix?: string) => ({
    agent: { name: 'reader' },
    sources: [dtuSource(url, { clean: false, qos: 1, ...extra }, prefix)],
    ...dtuSignals(['DTU1']),
    batching: { maxSamples: 1000, maxDelayMs: 50 },
    outbox: { durability: 'normal' as const },
    uplinks: [{ name: 'raw', platform: platform.address, sharing: 'raw' as const, tls: false as const, insecure: true, backoff: { initial: 50, max: 500 } }],
  });

  it('embedded broker: the session and its queued messages survive a restart of the agent that runs the broker', async () => {
    const platform = fixture.p;
    const port = await freePort();
    const url = `mqtt://127.0.0.1:${port}`;
    const hubDir = tempDir('rongtong-broker-hub-');
    const readerDir = tempDir('rongtong-broker-reader-');
    const secret = join(hubDir, 'reader-password');
    writeFileSync(secret, 'reader-secret');
    // The hub agent runs the broker (its own source is a generator); the reader agent's mqtt source keeps a persistent session in it.
    const hub = await writeEnrolledConfig(
      hubDir,
      {
        agent: { name: 'hub' },
        sources: [{ id: 'gen', kind: 'generator', signals: [{ id: 'hub/state', pattern: { type: 'constant', value: 'Executing' } }] }],
        signals: [{ id: 'hub/state', equipment: 'hub', source: 'gen', semantic: 'machine_state' }],
        equipment: [{ id: 'hub', name: 'hub' }],
        broker: {
          kind: 'embedded',
          listen: `127.0.0.1:${port}`,
          stateFlushMs: 20,
          users: [
            { username: 'reader', password: { file: secret }, subscribe: ['factory/#'] },
            { username: 'DTU1', password: { value: 'dtu-secret' }, publish: ['factory/+/{username}/telemetry'] },
          ],
        },
      },
      platform,
    );
    const reader = await writeEnrolledConfig(readerDir, readerConfig(url, platform, { username: 'reader', password: { file: secret }, clientId: 'rongtong-reader' }), platform);

    let hubAgent = started(await startAgentProcess(hub.path));
    let readerAgent = started(await startAgentProcess(reader.path));
    await eventually('the reader connected to the hub broker', async () => (await readerAgent.status()).sources[0]?.state === 'connected', 15_000);
    const sim = await startMqttSimulator({ brokerUrl: url, devices: [{ kind: 'json', id: 'DTU1', machine: 'cnc' }], username: 'DTU1', password: 'dtu-secret', reconnectMs: 200, speed: 0, startTime: START, seed: 3 });
    try {
      sim.advance(10 * MINUTE);
      await sim.flush();
      const first = sim.stats().DTU1!.published;
      await eventually('the reader read the first messages', async () => (await readerAgent.status()).sources[0]?.counters.messages === first);

      // The reader stops; the device goes on publishing into the reader's session in the hub broker.
      expect(await readerAgent.stop()).toBe(0);
      sim.advance(20 * MINUTE);
      await sim.flush();
      const queued = sim.stats().DTU1!.published - first;
      expect(queued).toBeGreaterThan(3);
      await eventually('the broker holds them for the reader', async () => (await hubAgent.status()).broker?.queuedMessages === queued);

      // The hub (and its broker) restarts; meanwhile the device keeps its messages (store-and-forward).
      expect(await hubAgent.stop()).toBe(0);
      expect(existsSync(join(hubDir, 'state', 'broker', 'state.json'))).toBe(true);
      sim.advance(10 * MINUTE);
      hubAgent = started(await startAgentProcess(hub.path));
      await sim.flush();
      const total = sim.stats().DTU1!.published;
      // The reader's session (its subscription) came back with the state: the device's new messages join the queue.
      await eventually('the restarted broker holds every message for the reader', async () => (await hubAgent.status()).broker?.queuedMessages === total - first, 15_000);
      expect((await hubAgent.status()).broker?.persistentSessions).toBeGreaterThanOrEqual(1);

      readerAgent = started(await startAgentProcess(reader.path));
      const stored = await storedDtu1(platform, reader.enrolled.raw!, total);
      expect(await readerAgent.stop()).toBe(0);
      expectExactlyOnce(stored, sim);
    } finally {
      await sim.stop();
    }
  }, 120_000);

  it.skipIf(!mosquittoUrl)('Mosquitto (RONGTONG_TEST_MQTT_URL): the broker keeps the session while the agent is stopped', async () => {
    const platform = fixture.p;
    const dir = tempDir('rongtong-mosquitto-reader-');
    const run = randomBytes(4).toString('hex');
    const prefix = `rongtong-test-${run}`;
    const reader = await writeEnrolledConfig(dir, readerConfig(mosquittoUrl!, platform, { clientId: `rongtong-reader-${run}` }, prefix), platform);
    let readerAgent = started(await startAgentProcess(reader.path));
    await eventually('the reader connected to Mosquitto', async () => (await readerAgent.status()).sources[0]?.state === 'connected', 15_000);
    const sim = await startMqttSimulator({ brokerUrl: mosquittoUrl!, topicPrefix: prefix, devices: [{ kind: 'json', id: 'DTU1', machine: 'packml' }], speed: 0, startTime: START, seed: 5 });
    try {
      sim.advance(10 * MINUTE);
      await sim.flush();
      const first = sim.stats().DTU1!.published;
      await eventually('the reader read the first messages', async () => (await readerAgent.status()).sources[0]?.counters.messages === first);
      expect(await readerAgent.stop()).toBe(0);
      sim.advance(30 * MINUTE);
      await sim.flush();
      expect(sim.stats().DTU1!.published - first).toBeGreaterThan(3);
      readerAgent = started(await startAgentProcess(reader.path));
      const stored = await storedDtu1(platform, reader.enrolled.raw!, sim.stats().DTU1!.published);
      expect(await readerAgent.stop()).toBe(0);
      expectExactlyOnce(stored, sim);
    } finally {
      await sim.stop();
    }
  }, 90_000);
});
