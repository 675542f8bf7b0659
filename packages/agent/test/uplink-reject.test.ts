import { generateAgentKeyPair } from '@rongtong/core';
import type { ErrorCode } from '@rongtong/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { createUplink, type UplinkFatal, type UplinkReject } from '../src/uplink/uplink.js';
import { startScriptedIngest, type ScriptedIngest } from './support/scripted-ingest.js';
import { enqueuePayloads, eventually, tempOutbox } from './support/uplink-platform.js';

describe('uplink reaction to rejects (scripted ingest)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  const run = async (code: ErrorCode, maxResyncAttempts = 2) => {
    const ingest: ScriptedIngest = await startScriptedIngest(code);
    cleanups.push(() => ingest.close());
    const keys = generateAgentKeyPair();
    const box = tempOutbox({ id: 'agt_scripted', token: 't', tokenId: 'x', tenantId: 'y', privateKeyPem: keys.privateKeyPem });
    cleanups.push(box.remove);
    await enqueuePayloads(box.outbox, 3);
    const uplink = createUplink({
      name: 'scripted',
      address: ingest.address,
      token: 't',
      tls: false,
      agentId: 'agt_scripted',
      agentVersion: '0.1.0',
      sharingLevel: 'SHARING_LEVEL_RAW',
      outbox: box.outbox,
      window: 1,
      pollMs: 20,
      maxResyncAttempts,
      backoff: { initialMs: 10, maxMs: 20, multiplier: 2, jitter: 0 },
    });
    const fatals: UplinkFatal[] = [];
    const rejects: UplinkReject[] = [];
    uplink.on('fatal', (f) => fatals.push(f)).on('reject', (r) => rejects.push(r));
    uplink.start();
    await eventually('fatal', () => fatals.length > 0, 5000);
    await eventually('closed', () => uplink.state === 'closed');
    const stats = await uplink.stats();
    await uplink.stop();
    return { ingest, fatals, rejects, stats };
  };

  it('BAD_SIGNATURE stops the uplink at once, keeping the sealed batch', async () => {
    const { ingest, fatals, rejects, stats } = await run('ERROR_CODE_BAD_SIGNATURE');
    expect(fatals).toEqual([{ code: 'ERROR_CODE_BAD_SIGNATURE', message: 'scripted' }]);
    expect(rejects.map((r) => r.seq)).toEqual([1n]);
    expect(ingest.hellos).toBe(1);
    expect(stats.reconnects).toBe(0);
    expect(stats.rejects).toEqual({ ERROR_CODE_BAD_SIGNATURE: 1 });
    expect(stats.backlog.sealedBatches).toBe(1);
    expect(stats.backlog.pendingRecords).toBe(2);
  });

  it('SEQ_GAP reconnects and resumes, resending the same seq, then gives up after the bound', async () => {
    const { ingest, fatals, stats } = await run('ERROR_CODE_SEQ_GAP', 2);
    expect(fatals[0]!.code).toBe('ERROR_CODE_SEQ_GAP');
    expect(ingest.hellos).toBe(3);
    expect(ingest.batches).toEqual(['1', '1', '1']);
    expect(stats.reconnects).toBe(2);
    expect(stats.backlog.sealedBatches).toBe(1);
  });
});
