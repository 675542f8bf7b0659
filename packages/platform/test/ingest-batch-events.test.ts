import { feedEventCodec, timestampFromMillis } from '@rongtong/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestService, type IngestService } from '../src/ingest/ingest-service.js';
import type { BatchRecord } from '../src/store/records.js';
import {
  createEnterprise,
  createTenant,
  declareEquipment,
  enrollSigningAgent,
  payloadOf,
  sampleOf,
  sealNext,
  type SigningAgent,
} from './support/ingest-feed-fixtures.js';
import { connectAgent } from './support/ingest-feed-streams.js';
import { startTestServer, type TestServer } from './support/start-test-server.js';

describe('IngestService: the feed events of a committed batch', () => {
  let server: TestServer;
  let ingest: IngestService;
  let agent: SigningAgent;

  const eventsAfter = async (after: bigint) =>
    (await server.store.readEvents({ tenantId: agent.tenantId, after, limit: 100 })).map((record) => ({
      record,
      event: feedEventCodec.decode(record.body),
    }));

  beforeAll(async () => {
    server = await startTestServer({ services: [{ service: 'ingest', create: (ctx) => (ingest = createIngestService(ctx)).handlers }] });
    await createTenant(server, 't-events');
    const enterpriseId = await createEnterprise(server, 't-events');
    agent = await enrollSigningAgent(server, 't-events', enterpriseId);
    await declareEquipment(server, agent, 'm-1', ['s-a1', 's-a2']);
    await declareEquipment(server, agent, 'm-2', ['s-b1']);
  });

  afterAll(async () => {
    ingest.closeAll();
    await server.close();
  });

  it('appends SAMPLES per equipment, one event per record, then BATCH_COMMITTED, all about the agent’s enterprise', async () => {
    const committed: BatchRecord[] = [];
    server.ctx.events.on('batchCommitted', (batch) => committed.push(batch));
    const before = await server.store.lastEventSeq();
    const period = { startTime: timestampFromMillis(1_700_000_000_000), endTime: timestampFromMillis(1_700_003_600_000) };
    const payload = payloadOf({
      historical: true,
      samples: [sampleOf('s-a1', 1), sampleOf('s-b1', 2), sampleOf('s-a2', 3), sampleOf('s-x', 4), sampleOf('s-a1', 5)],
      stateIntervals: [{ equipmentId: 'm-1', ...period, rawState: 'Execute', bucket: 'TIME_BUCKET_APT' }],
      productionCounts: [{ equipmentId: 'm-2', ...period, producedQuantity: 120, goodQuantity: 118 }],
      kpis: [{ equipmentId: 'm-1', enterpriseId: 'ent_spoofed', level: 'HIERARCHY_LEVEL_EQUIPMENT', ...period }],
      capacityRecords: [{ scope: { level: 'HIERARCHY_LEVEL_EQUIPMENT', enterpriseId: 'ent_spoofed', id: 'm-2' }, type: 'CAPACITY_TYPE_USED', ...period }],
      gaps: [{ ...period, equipmentIds: ['m-1'], reason: 'GAP_REASON_SOURCE_DISCONNECTED' }, { ...period, detail: 'agent restarted' }],
    });
    const { stream } = await connectAgent(server, agent);
    const batch = sealNext(agent, payload);
    stream.send(batch);
    expect((await stream.next()).ack).toEqual({ seq: '1', duplicate: false });
    expect((await stream.close()).status).toBe(0);

    const events = await eventsAfter(before);
    expect(events.map(({ record }) => [record.kind, record.equipmentId])).toEqual([
      ['samples', 'm-1'],
      ['samples', 'm-2'],
      ['samples', ''],
      ['state_interval', 'm-1'],
      ['production_count', 'm-2'],
      ['kpi', 'm-1'],
      ['capacity_record', 'm-2'],
      ['gap', 'm-1'],
      ['gap', ''],
      ['batch_committed', ''],
    ]);
    for (const { record, event } of events) {
      expect([record.tenantId, record.enterpriseId, event.enterpriseId, event.agentId, event.batchSeq, event.cursor]).toEqual([
        't-events',
        agent.enterpriseId,
        agent.enterpriseId,
        agent.agentId,
        '1',
        '',
      ]);
    }
    const [m1, m2, unknown] = events;
    expect(m1?.event.samples?.samples.map((s) => [s.signalId, s.value?.doubleValue])).toEqual([['s-a1', 1], ['s-a2', 3], ['s-a1', 5]]);
    expect(m2?.event.samples?.samples.map((s) => s.signalId)).toEqual(['s-b1']);
    expect(unknown?.event.samples?.samples.map((s) => s.signalId)).toEqual(['s-x']);
    expect(events[5]?.event.kpi).toMatchObject({ enterpriseId: agent.enterpriseId, agentId: agent.agentId, equipmentId: 'm-1' });
    const digest = Buffer.from(agent.head.digest);
    const capacity = events[6]?.event.capacityRecord;
    expect(capacity?.scope?.enterpriseId).toBe(agent.enterpriseId);
    expect(capacity?.agentId).toBe(agent.agentId);
    expect(capacity?.evidence.map((e) => [e.agentId, e.firstSeq, e.lastSeq, digest.equals(e.firstDigest), digest.equals(e.lastDigest)])).toEqual([
      [agent.agentId, '1', '1', true, true],
    ]);
    expect(events[9]?.event.batchCommitted).toMatchObject({
      agentId: agent.agentId,
      seq: '1',
      sharingLevel: 'SHARING_LEVEL_RAW',
      historical: true,
      payloadBytes: payload.length,
      samples: 5,
      stateIntervals: 1,
      productionCounts: 1,
      kpis: 1,
      capacityRecords: 1,
      gaps: 2,
    });
    expect(digest.equals(events[9]?.event.batchCommitted?.digest ?? Buffer.alloc(0))).toBe(true);
    expect(committed.map((b) => [b.seq, b.sharingLevel, b.historical, Buffer.from(b.payload).equals(Buffer.from(payload))])).toEqual([[1n, 'raw', true, true]]);
    expect(ingest.metrics()).toMatchObject({ committedBatches: 1, samples: 5 });
  });

  it('finds equipment declared after the first batch (declaration hook drops the cached directory)', async () => {
    const before = await server.store.lastEventSeq();
    const { stream } = await connectAgent(server, agent);
    stream.send(sealNext(agent, payloadOf({ samples: [sampleOf('s-c1', 1)] })));
    expect((await stream.next()).ack?.seq).toBe('2');
    await declareEquipment(server, agent, 'm-3', ['s-c1']);
    const declared = await server.store.getEquipment(agent.tenantId, 'm-3');
    server.ctx.events.emit('equipmentDeclared', declared ? [declared] : []);
    stream.send(sealNext(agent, payloadOf({ samples: [sampleOf('s-c1', 2)] })));
    expect((await stream.next()).ack?.seq).toBe('3');
    expect((await stream.close()).status).toBe(0);
    const samples = (await eventsAfter(before)).filter(({ record }) => record.kind === 'samples');
    expect(samples.map(({ record, event }) => [event.batchSeq, record.equipmentId])).toEqual([
      ['2', ''],
      ['3', 'm-3'],
    ]);
  });
});
