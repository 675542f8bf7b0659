import type { Equipment } from '@rongtong/protocol';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createUplink, type Uplink } from '../src/uplink/uplink.js';
import { enqueuePayloads, eventually, storedSeqs, tempOutbox, testUplinkOptions, useTestPlatform } from './support/uplink-platform.js';

const machine = (id: string, signal: Equipment['signals'] extends (infer S)[] | undefined ? Partial<S> : never = {}): Equipment => ({
  id,
  name: `machine ${id}`,
  idealUnitTimes: [{ productId: '', idealUnitTime: { seconds: '12', nanos: 0 } }],
  signals: [{ id: `${id}/count`, mqtt: { topic: `plant/${id}`, jsonPath: '$.count' }, semantic: 'SIGNAL_SEMANTIC_GOOD_COUNT', counter: { monotonic: true }, ...signal }],
});

/** A pino logger writing JSON lines into `lines`. */
function capture(lines: string[]) {
  return pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
}

describe('uplink equipment declaration against a real platform', () => {
  const fixture = useTestPlatform();

  async function start(name: string, equipment: Equipment[], lines: string[] = []) {
    const agent = await fixture.p.enroll(name);
    const box = tempOutbox(agent);
    const uplink: Uplink = createUplink(testUplinkOptions(name, fixture.p.address, agent, box.outbox, { equipment, backoff: { initialMs: 50, maxMs: 200 }, logger: capture(lines) }));
    fixture.cleanups.push(async () => {
      await uplink.stop();
      await box.remove();
    });
    return { agent, box, uplink };
  }

  it('splits a large declaration into requests of at most 500 equipment, all stored', async () => {
    const equipment = Array.from({ length: 1201 }, (_, i) => machine(`m-${i}`));
    const { agent, box, uplink } = await start('large', equipment);
    await enqueuePayloads(box.outbox, 2);
    uplink.start();
    await eventually('batches stored', async () => (await storedSeqs(fixture.p.store, agent)).length === 2, 30_000);
    const stored = [];
    let pageToken = '';
    do {
      const page = await fixture.p.store.listEquipment(agent.tenantId, '', { pageSize: 1000, pageToken });
      stored.push(...page.items);
      pageToken = page.nextPageToken;
    } while (pageToken !== '');
    expect(stored.map((e) => e.id).sort()).toEqual(equipment.map((e) => e.id).sort());
    expect(stored.find((e) => e.id === 'm-1200')).toMatchObject({ idealUnitTimes: [{ idealUnitTime: 12_000 }], signals: [{ id: 'm-1200/count', semantic: 'good_count' }] });
    const stats = await uplink.stats();
    // Three requests (500 + 500 + 201) on each connection.
    expect(stats.declarations).toEqual({ accepted: 3 * (stats.reconnects + 1), rejects: {} });
  }, 60_000);

  it('logs the field violations of a rejected declaration, counts it, and streams anyway', async () => {
    const lines: string[] = [];
    const bad = machine('bad-1', { mqtt: null, opcUa: { nodeId: 'not a node id' } });
    const { agent, box, uplink } = await start('rejected', [bad], lines);
    await enqueuePayloads(box.outbox, 3);
    uplink.start();
    await eventually('batches stored', async () => (await storedSeqs(fixture.p.store, agent)).length === 3);
    expect((await uplink.stats()).declarations).toEqual({ accepted: 0, rejects: { ERROR_CODE_INVALID_ARGUMENT: 1 } });
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'equipment declaration rejected; streaming goes on');
    expect(logged).toMatchObject({ code: 'ERROR_CODE_INVALID_ARGUMENT', equipment: 1, fieldViolations: [{ field: 'equipment.0.signals.0.opc_ua.node_id' }] });
    expect(lines.join('\n')).not.toContain(agent.token);
    expect(await fixture.p.store.getEquipment(agent.tenantId, 'bad-1')).toBeUndefined();
  });

  it('backs off and reconnects while the platform is down, then declares before streaming', async () => {
    const { agent, box, uplink } = await start('outage', [machine('late-1')]);
    await enqueuePayloads(box.outbox, 2);
    await fixture.p.stopPlatform();
    try {
      uplink.start();
      await eventually('reconnect attempts', async () => (await uplink.stats()).reconnects >= 2);
      expect((await uplink.stats()).declarations).toEqual({ accepted: 0, rejects: {} });
    } finally {
      await fixture.p.restartPlatform();
    }
    await eventually('batches stored', async () => (await storedSeqs(fixture.p.store, agent)).length === 2, 15_000);
    expect((await uplink.stats()).declarations).toEqual({ accepted: 1, rejects: {} });
    expect((await fixture.p.store.getEquipment(agent.tenantId, 'late-1'))?.signals.map((s) => s.id)).toEqual(['late-1/count']);
  }, 30_000);
});
