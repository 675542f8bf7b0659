import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentSnapshot } from '../src/health/agent-snapshot.js';
import { startAgentHealthServer, type AgentHealthServer } from '../src/health/health-server.js';
import { sampleSnapshot, sampleUplink } from '../src/health/test-support/sample-snapshot.js';

describe('agent health server', () => {
  let server: AgentHealthServer;
  let current: AgentSnapshot | Error = sampleSnapshot();
  const get = (path: string) => fetch(`http://127.0.0.1:${server.port}${path}`, { signal: AbortSignal.timeout(5000) });

  beforeAll(async () => {
    server = await startAgentHealthServer({ port: 0, snapshot: () => (current instanceof Error ? Promise.reject(current) : Promise.resolve(current)) });
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers /healthz with 200', async () => {
    const res = await get('/healthz');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok\n');
  });

  it('answers /readyz with 200 when ready and 503 naming what is not', async () => {
    current = sampleSnapshot();
    expect((await get('/readyz')).status).toBe(200);
    current = { ...sampleSnapshot(), uplinks: [sampleUplink({ state: 'closed', fatal: { code: 'PLATFORM_AHEAD', message: 'enrol again' } })] };
    const res = await get('/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ready: false, notReady: ['uplink main: fatal PLATFORM_AHEAD: enrol again'] });
  });

  it('serves the snapshot and its readiness as JSON on /status', async () => {
    current = sampleSnapshot();
    const res = await get('/status');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ ...sampleSnapshot(), readiness: { ready: true, notReady: [] } });
  });

  it('serves Prometheus text on /metrics', async () => {
    current = sampleSnapshot();
    const res = await get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    expect(text).toContain('# TYPE rongtong_agent_source_up gauge\nrongtong_agent_source_up{source="plc1",kind="generator"} 1\n');
    expect(text).toContain('rongtong_agent_uplink_backlog_bytes{uplink="main"} 2048\n');
  });

  it('answers 500 when the snapshot fails, 404 on unknown paths, 405 on other methods', async () => {
    current = new Error('outbox closed');
    const failed = await get('/status');
    expect(failed.status).toBe(500);
    expect(await failed.text()).toContain('outbox closed');
    expect((await get('/healthz')).status).toBe(200);
    expect((await get('/nope')).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${server.port}/status`, { method: 'POST' })).status).toBe(405);
  });

  it('refuses a non-loopback host without allowRemote, naming the field', async () => {
    await expect(startAgentHealthServer({ host: '0.0.0.0', port: 0, snapshot: () => Promise.resolve(sampleSnapshot()) })).rejects.toThrow(/allowRemote/);
  });

  it('binds a non-loopback host with allowRemote', async () => {
    const remote = await startAgentHealthServer({ host: '0.0.0.0', port: 0, allowRemote: true, snapshot: () => Promise.resolve(sampleSnapshot()) });
    try {
      expect((await fetch(`http://127.0.0.1:${remote.port}/healthz`)).status).toBe(200);
    } finally {
      await remote.close();
    }
  });
});
