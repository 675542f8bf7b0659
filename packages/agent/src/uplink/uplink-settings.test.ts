import { describe, expect, it } from 'vitest';
import type { Outbox } from '../outbox/outbox.js';
import type { UplinkOptions } from './uplink-options.js';
import { resolveUplinkSettings } from './uplink-settings.js';

const base: UplinkOptions = {
  name: 'p1',
  address: '127.0.0.1:1',
  token: 'secret',
  agentId: 'agt_1',
  agentVersion: '0.1.0',
  sharingLevel: 'SHARING_LEVEL_RAW',
  outbox: {} as Outbox,
};

describe('uplink settings', () => {
  it('applies the defaults', () => {
    expect(resolveUplinkSettings(base)).toMatchObject({ window: 8, pollMs: 200, maxBatchesPerSecond: 20, drainMs: 2000, maxResyncAttempts: 5, backoff: { initialMs: 500, maxMs: 30_000 } });
  });

  it('names every bad field', () => {
    expect(() => resolveUplinkSettings({ ...base, window: 0, historicalPacing: { maxBatchesPerSecond: 0 } })).toThrow(/window: .*historicalPacing\.maxBatchesPerSecond: /);
  });
});
