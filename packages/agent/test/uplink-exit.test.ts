import { generateAgentKeyPair } from '@rongtong/core';
import { describe, expect, it } from 'vitest';
import { createUplink } from '../src/uplink/uplink.js';
import { startScriptedIngest } from './support/scripted-ingest.js';
import { enqueuePayloads, eventually, tempOutbox } from './support/uplink-platform.js';

/** What keeps the event loop alive, but vitest's own worker pipes and the terminal. */
const handles = (): string[] => process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap' && r !== 'PipeWrap');

/**
 * The handles of `after` that `before` did not have (by kind and count): what the code under test
 * left behind, whatever an earlier test file in the same worker process left (e.g. an unref'd timer).
 */
function added(before: readonly string[], after: readonly string[]): string[] {
  const left = [...before];
  return after.filter((r) => {
    const i = left.indexOf(r);
    if (i === -1) return true;
    left.splice(i, 1);
    return false;
  });
}

describe('uplink stop()', () => {
  it('in backoff, leaves no timers, sockets or channels behind', async () => {
    const before = handles();
    const ingest = await startScriptedIngest('ERROR_CODE_UNAVAILABLE');
    const box = tempOutbox({ id: 'agt_exit', token: 't', tokenId: 'x', tenantId: 'y', privateKeyPem: generateAgentKeyPair().privateKeyPem });
    await enqueuePayloads(box.outbox, 2);
    const uplink = createUplink({
      name: 'exit',
      address: ingest.address,
      token: 't',
      tls: false,
      agentId: 'agt_exit',
      agentVersion: '0.1.0',
      sharingLevel: 'SHARING_LEVEL_RAW',
      outbox: box.outbox,
      pollMs: 20,
      backoff: { initialMs: 5_000, maxMs: 5_000, multiplier: 1, jitter: 0 },
    });
    try {
      uplink.start();
      await eventually('backoff after the scripted reject', () => uplink.state === 'backoff');
      await uplink.stop();
      expect(uplink.state).toBe('closed');
    } finally {
      await ingest.close();
      await box.remove();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(added(before, handles())).toEqual([]);
  });

  it('an aborted start signal closes the uplink', async () => {
    const ingest = await startScriptedIngest('ERROR_CODE_UNAVAILABLE');
    const box = tempOutbox({ id: 'agt_abort', token: 't', tokenId: 'x', tenantId: 'y', privateKeyPem: generateAgentKeyPair().privateKeyPem });
    try {
      const uplink = createUplink({
        name: 'abort',
        address: ingest.address,
        token: 't',
        tls: false,
        agentId: 'agt_abort',
        agentVersion: '0.1.0',
        sharingLevel: 'SHARING_LEVEL_RAW',
        outbox: box.outbox,
        pollMs: 20,
      });
      const controller = new AbortController();
      uplink.start(controller.signal);
      await eventually('connected', () => uplink.state === 'connected');
      controller.abort();
      await eventually('closed', () => uplink.state === 'closed');
      await uplink.stop();
    } finally {
      await ingest.close();
      await box.remove();
    }
  });
});
