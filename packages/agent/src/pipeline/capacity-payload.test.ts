import { batchPayloadCodec, toMillis } from '@rongtong/protocol';
import { describe, expect, it } from 'vitest';
import { createCapacityDeriver } from './capacity-deriver.js';
import { encodeCapacityPayload } from './capacity-payload.js';
import { createKpiDeriver } from './kpi-deriver.js';
import { at, capacityConfig, capacityStream } from './test-support/capacity-scenario.js';

/** The scenario's twelve records (four hours × TOTAL, USED, UNUSED). */
function scenarioRecords() {
  const kpi = createKpiDeriver({ config: capacityConfig });
  return createCapacityDeriver({ config: capacityConfig }).derive(kpi.derive(capacityStream));
}

describe('encodeCapacityPayload', () => {
  it('encodes capacity records only: a CAPACITY payload with no samples, state intervals, production counts or KPIs', () => {
    const records = scenarioRecords();
    expect(records).toHaveLength(12);
    const out = encodeCapacityPayload(records, at(300));
    expect(out?.meta).toEqual({ samples: 0, firstTime: at(0), lastTime: at(240), signalIds: ['m1/bad', 'm1/mode', 'm1/produced', 'm1/state'] });
    const decoded = batchPayloadCodec.decode(out?.payload ?? new Uint8Array());
    expect(decoded.sharingLevel).toBe('SHARING_LEVEL_CAPACITY');
    expect(toMillis(decoded.createTime)).toBe(at(300));
    expect(decoded.samples).toEqual([]);
    expect(decoded.stateIntervals).toEqual([]);
    expect(decoded.productionCounts).toEqual([]);
    expect(decoded.kpis).toEqual([]);
    expect(decoded.gaps).toEqual([]);
    expect(decoded.capacityRecords).toHaveLength(12);
    const [first] = decoded.capacityRecords;
    expect(first).toEqual({
      id: '',
      scope: {
        level: 'HIERARCHY_LEVEL_EQUIPMENT',
        enterpriseId: '',
        id: 'm1',
        path: [{ level: 'HIERARCHY_LEVEL_SITE', id: 'cq-1', name: '重庆一厂' }],
      },
      capability: null,
      startTime: { seconds: String(at(0) / 1000), nanos: 0 },
      endTime: { seconds: String(at(60) / 1000), nanos: 0 },
      granularity: 'PERIOD_GRANULARITY_HOUR',
      type: 'CAPACITY_TYPE_TOTAL',
      quantity: { value: 114, unit: '' },
      confidence: { value: 1, signalCoverage: 1, counterContinuity: 1, plausibility: 1 },
      derivation: records[0]?.derivation,
      evidence: [],
      computeTime: { seconds: String(at(300) / 1000), nanos: 0 },
      agentId: '',
    });
    expect(decoded.capacityRecords.map((r) => [toMillis(r.startTime), r.type, r.quantity?.value])).toEqual(
      records.map((r) => [r.start, `CAPACITY_TYPE_${r.type.toUpperCase()}`, r.quantity.value]),
    );
    const hour11 = decoded.capacityRecords[4];
    expect(hour11?.confidence?.signalCoverage).toBeCloseTo(51 / 57, 12);
    expect(hour11?.confidence?.counterContinuity).toBeCloseTo(0.9, 12);
  });

  it('returns no payload for no records', () => {
    expect(encodeCapacityPayload([], at(0))).toBeUndefined();
  });
});
