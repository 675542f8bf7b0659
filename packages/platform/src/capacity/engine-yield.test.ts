import { afterEach, describe, expect, it } from 'vitest';
import { createCapacityEngine } from './engine.js';
import { listAllKpis } from './persist.js';
import { ENTERPRISE, TENANT, at, count, engineFixture, machine, state, type EngineFixture } from './test-support/engine-fixture.js';

const fixtures: EngineFixture[] = [];
afterEach(async () => {
  for (const f of fixtures.splice(0)) await f.store.close();
});

describe('capacity engine and the event loop', () => {
  it('a recomputation of many periods lets timers run in between (the SQLite store answers synchronously)', async () => {
    const f = await engineFixture([machine('m1', 60_000)]);
    fixtures.push(f);
    // Ten days of one machine, one state interval and count per day: ≈ 300 periods to compute.
    const days = 10;
    await f.commit(Array.from({ length: days }, (_, d) => [state('m1', d, 0, 24, 'apt'), count('m1', d, 0, 24, 1000, 1000, 0)]).flat());
    f.clock.now = at(days + 1, 0);
    const engine = createCapacityEngine(f.ctx);
    let ticks = 0;
    let done = false;
    const tick = (): void => {
      ticks += 1;
      if (!done) setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
    await engine.flush();
    done = true;
    await engine.stop();
    const hours = await listAllKpis(f.ctx, { tenantId: TENANT, enterpriseId: ENTERPRISE, equipmentIds: ['m1'], productId: '', granularity: 'hour', from: at(0, 0), to: at(days, 0) });
    expect(hours).toHaveLength(days * 24);
    // Timers kept firing while it computed (without yielding: at most one).
    expect(ticks).toBeGreaterThan(10);
  }, 60_000);
});
