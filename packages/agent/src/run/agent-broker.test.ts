import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedBrokerSectionSchema } from '../config/broker-config.js';
import { agentMetricFamilies } from '../health/agent-metrics.js';
import { snapshotOf } from '../health/agent-snapshot.js';
import { formatPrometheusText } from '../health/prometheus-text.js';
import { brokerOptionsFromConfig, startAgentBroker } from './agent-broker.js';

const dir = mkdtempSync(join(tmpdir(), 'rongtong-agent-broker-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const silent = pino({ level: 'silent' });
const errorOf = async (run: () => unknown) => {
  try {
    await run();
  } catch (err) {
    return err as { code: string; fieldViolations: { path: string; reason: string }[] };
  }
  throw new Error('expected an error');
};

describe('the embedded broker of the agent config', () => {
  it('reads passwords and TLS files, keeps hashes, and puts the state under <stateDir>/broker', () => {
    const section = EmbeddedBrokerSectionSchema.parse({
      kind: 'embedded',
      users: [
        { username: 'rongtong', password: { env: 'PW' }, subscribe: ['factory/#'] },
        { username: 'dtu', passwordHash: 'scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', publish: ['factory/+/{username}/telemetry'] },
      ],
      tls: { cert: '/c.pem', key: '/k.pem', passphrase: { value: 'kp' } },
    });
    expect(brokerOptionsFromConfig(section, '/var/lib/rt', { env: { PW: 'pw' }, readPem: (p) => `PEM ${p}` })).toEqual({
      listen: '127.0.0.1:1883',
      users: [
        { username: 'rongtong', password: 'pw', publish: [], subscribe: ['factory/#'] },
        { username: 'dtu', passwordHash: section.users[1]!.passwordHash, publish: ['factory/+/{username}/telemetry'], subscribe: [] },
      ],
      allowAnonymous: false,
      stateDir: join('/var/lib/rt', 'broker'),
      stateFlushMs: 1000,
      maxConnections: 1000,
      tls: { cert: 'PEM /c.pem', key: 'PEM /k.pem', passphrase: 'kp' },
    });
  });

  it('names every secret and file it cannot read, and a listen address in use', async () => {
    const section = EmbeddedBrokerSectionSchema.parse({
      kind: 'embedded',
      users: [{ username: 'a', password: { env: 'RONGTONG_TEST_UNSET_BROKER_PW' } }],
      tls: { cert: '/nonexistent/c.pem', key: '/nonexistent/k.pem' },
    });
    const unreadable = await errorOf(() => startAgentBroker(section, dir, silent));
    expect(unreadable.code).toBe('INVALID_CONFIG');
    expect(unreadable.fieldViolations.map((v) => v.path)).toEqual(['broker.users.0.password', 'broker.tls.cert', 'broker.tls.key']);
    expect(JSON.stringify(unreadable)).not.toContain('RONGTONG_TEST_UNSET_BROKER_PW=');

    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', () => resolve()));
    const { port } = taken.address() as { port: number };
    try {
      const inUse = await errorOf(() => startAgentBroker(EmbeddedBrokerSectionSchema.parse({ kind: 'embedded', listen: `127.0.0.1:${port}` }), dir, silent));
      expect(inUse.code).toBe('UNAVAILABLE');
      expect(inUse.fieldViolations.map((v) => v.path)).toEqual(['broker.listen']);
      expect(inUse.fieldViolations[0]!.reason).toContain(`cannot listen on 127.0.0.1:${port}`);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });

  it('shows in /status and /metrics', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const broker = await startAgentBroker(EmbeddedBrokerSectionSchema.parse({ kind: 'embedded', listen: `127.0.0.1:${port}` }), dir, silent);
    try {
      const snapshot = await snapshotOf({ sources: [], uplinks: [], broker });
      expect(snapshot.broker).toMatchObject({ url: `mqtt://127.0.0.1:${port}`, clientsConnected: 0, authFailures: 0, queuedMessages: 0 });
      const text = formatPrometheusText(agentMetricFamilies(snapshot));
      expect(text).toContain('rongtong_agent_broker_clients_connected 0');
      expect(text).toContain('rongtong_agent_broker_events_total{event="auth_failures"} 0');
      expect(formatPrometheusText(agentMetricFamilies(await snapshotOf({ sources: [], uplinks: [] })))).not.toContain('rongtong_agent_broker');
    } finally {
      await broker!.close();
    }
  });
});
