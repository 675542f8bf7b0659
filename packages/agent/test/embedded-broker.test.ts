import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashBrokerPassword } from '@rongtong/mqtt';
import { startMqttSimulator } from '@rongtong/simulator';
import { describe, expect, it } from 'vitest';
import { startAgentProcess, writeEnrolledConfig } from './support/agent-process.js';
import { dtuSignals, dtuSource, freePort } from './support/dtu-agent-config.js';
import { duplicateSamples, samplesBySignal, samplesOf, storedBatches } from './support/stored-batches.js';
import { eventually, useTestPlatform } from './support/uplink-platform.js';

const DTU_PASSWORD = 'dtu1-secret';
/** One simulated hour ago, to the minute: source times the platform takes as recent. */
const START = Math.floor((Date.now() - 3_600_000) / 60_000) * 60_000;

describe('rongtong-agent run with broker: embedded (aedes in the agent process, test platform)', () => {
  const fixture = useTestPlatform();

  it('runs its own broker: a device with its credentials publishes JSON the agent maps and stores; a wrong password is refused; a publish outside the ACL is not delivered', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rongtong-agent-broker-'));
    fixture.cleanups.push(() => Promise.resolve(rmSync(dir, { recursive: true, force: true })));
    const platform = fixture.p;
    const port = await freePort();
    const url = `mqtt://127.0.0.1:${port}`;
    const agentPassword = join(dir, 'mqtt-password');
    writeFileSync(agentPassword, 'agent-secret\n');
    const { path, enrolled } = await writeEnrolledConfig(
      dir,
      {
        agent: { name: 'broker-agent' },
        sources: [dtuSource(url, { username: 'rongtong', password: { file: agentPassword } })],
        ...dtuSignals(['DTU1', 'DTU2']),
        batching: { maxSamples: 1000, maxDelayMs: 50 },
        outbox: { durability: 'normal' },
        uplinks: [{ name: 'raw', platform: platform.address, sharing: 'raw', tls: false, insecure: true, backoff: { initial: 50, max: 500 } }],
        broker: {
          kind: 'embedded',
          listen: `127.0.0.1:${port}`,
          stateFlushMs: 50,
          users: [
            { username: 'rongtong', password: { file: agentPassword }, subscribe: ['factory/#'] },
            // A device may only publish its own telemetry: factory/<line>/<its username>/telemetry.
            { username: 'DTU1', passwordHash: await hashBrokerPassword(DTU_PASSWORD, { N: 1024 }), publish: ['factory/+/{username}/telemetry'] },
          ],
        },
      },
      platform,
    );
    const agent = await startAgentProcess(path);
    fixture.cleanups.push(async () => void (await agent.stop()));
    expect(agent.stdout()).toContain(`embedded MQTT broker: ${url} (2 user(s)`);
    await eventually('the mqtt source connected to the embedded broker', async () => (await agent.status()).sources[0]?.state === 'connected', 15_000);

    // A wrong password: CONNACK refused, the device cannot connect.
    await expect(
      startMqttSimulator({ brokerUrl: url, devices: [{ kind: 'json', id: 'DTU1', machine: 'cnc' }], username: 'DTU1', password: 'wrong', connectTimeoutMs: 2000, speed: 0, startTime: START }),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE' });

    // DTU1 publishes its own topic; DTU2 logs in with DTU1's credentials and publishes outside the ACL.
    const sim = await startMqttSimulator({
      brokerUrl: url,
      devices: [
        { kind: 'json', id: 'DTU1', machine: 'cnc', timestampFormat: 'epoch-ms' },
        { kind: 'json', id: 'DTU2', machine: 'packml', timestampFormat: 'epoch-ms' },
      ],
      username: 'DTU1',
      password: DTU_PASSWORD,
      speed: 0,
      startTime: START,
      seed: 7,
    });
    try {
      sim.advance(30 * 60_000);
      await sim.flush();
      const published = sim.stats();
      expect(published.DTU1!.published).toBeGreaterThan(10);
      expect(published.DTU2!.published).toBeGreaterThan(10);
      await eventually('every DTU1 message read, every DTU2 message denied', async () => {
        const status = await agent.status();
        return status.sources[0]?.counters.messages === published.DTU1!.published && status.broker?.publishesDenied === published.DTU2!.published;
      });
      const status = await agent.status();
      expect(status.broker).toMatchObject({ url, authFailures: 1, publishesDenied: published.DTU2!.published, subscriptionsDenied: 0 });
      expect(status.broker!.clientsConnected).toBe(3);
      const truth = sim.groundTruth().machines.find((m) => m.id === 'DTU1')!;

      await eventually('the platform stored every DTU1 message', async () => {
        const stored = samplesOf(await storedBatches(platform.store, enrolled.raw!.tenantId, enrolled.raw!.agentId));
        return samplesBySignal(stored).get('DTU1/state')?.length === published.DTU1!.published;
      });
      expect(await agent.stop()).toBe(0);
      const stored = samplesOf(await storedBatches(platform.store, enrolled.raw!.tenantId, enrolled.raw!.agentId));
      expect(duplicateSamples(stored)).toEqual([]);
      const bySignal = samplesBySignal(stored);
      expect([...bySignal.keys()].sort()).toEqual(['DTU1/produced', 'DTU1/state']);
      expect(bySignal.get('DTU1/produced')).toHaveLength(published.DTU1!.published);
      expect(bySignal.get('DTU1/produced')!.at(-1)!.value).toBe(BigInt(truth.totals.produced));
    } finally {
      await sim.stop();
    }
  }, 90_000);
});
