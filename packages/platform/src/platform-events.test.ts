import { describe, expect, it } from 'vitest';
import { createPlatformEvents, emitSafely } from './platform-events.js';
import type { EnterpriseRecord } from './store/records.js';

const enterprise = { id: 'ent_1' } as EnterpriseRecord;

describe('emitSafely', () => {
  it('reaches every listener even when one throws or rejects, and logs each failure', async () => {
    const events = createPlatformEvents();
    const errors: string[] = [];
    const logger = { error: (obj: object) => errors.push(String((obj as { err: Error }).err.message)) };
    const seen: string[] = [];
    events.on('enterpriseChanged', () => {
      throw new Error('sync boom');
    });
    // An async listener, as a vendor might write one (the emitter's type says void).
    const asyncListener = async (): Promise<void> => {
      await Promise.resolve();
      throw new Error('async boom');
    };
    // eslint-disable-next-line @typescript-eslint/no-misused-promises -- on purpose: the case under test
    events.on('enterpriseChanged', asyncListener);
    events.on('enterpriseChanged', (e) => void seen.push(`on ${e.id}`));
    events.once('enterpriseChanged', (e) => void seen.push(`once ${e.id}`));

    emitSafely(events, logger, 'enterpriseChanged', enterprise);
    emitSafely(events, logger, 'enterpriseChanged', enterprise);
    await new Promise((resolve) => setImmediate(resolve));

    expect(seen).toEqual(['on ent_1', 'once ent_1', 'on ent_1']);
    expect(errors.sort()).toEqual(['async boom', 'async boom', 'sync boom', 'sync boom']);
  });
});
