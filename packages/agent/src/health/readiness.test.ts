import { describe, expect, it } from 'vitest';
import { readinessOf } from './readiness.js';
import { sampleSnapshot, sampleUplink } from './test-support/sample-snapshot.js';

describe('readinessOf', () => {
  it('is ready when every source is connected and every uplink connected', () => {
    expect(readinessOf(sampleSnapshot())).toEqual({ ready: true, notReady: [] });
  });

  it('counts an uplink in backoff as ready (it retries on its own)', () => {
    expect(readinessOf({ ...sampleSnapshot(), uplinks: [sampleUplink({ state: 'backoff' })] }).ready).toBe(true);
  });

  it('names every source and uplink that is not ready', () => {
    const snap = {
      ...sampleSnapshot(),
      sources: [
        { id: 'plc1', kind: 'opcua', state: 'backoff' as const, counters: {} },
        { id: 'gen', kind: 'generator', state: 'connected' as const, counters: {} },
      ],
      uplinks: [
        sampleUplink({ name: 'a', state: 'connecting' }),
        sampleUplink({ name: 'b', state: 'closed', fatal: { code: 'PLATFORM_AHEAD', message: 'enrol again' } }),
        sampleUplink({ name: 'c', state: 'backoff', fatal: { code: 'DIGEST_MISMATCH', message: 'chains diverged' } }),
      ],
    };
    expect(readinessOf(snap)).toEqual({
      ready: false,
      notReady: ['source plc1: backoff', 'uplink a: connecting', 'uplink b: fatal PLATFORM_AHEAD: enrol again', 'uplink c: fatal DIGEST_MISMATCH: chains diverged'],
    });
  });

  it('is ready with nothing configured', () => {
    expect(readinessOf({ ...sampleSnapshot(), sources: [], uplinks: [] }).ready).toBe(true);
  });
});
