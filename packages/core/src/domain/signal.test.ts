import { describe, expect, expectTypeOf, it } from 'vitest';
import { computeCounterDeltas, type CounterBehaviour } from '../iso22400/counter-delta.js';
import { issuePaths } from '../test-support/schema-issues.js';
import { CounterBehaviorSchema, type CounterBehavior } from './counter-behavior.js';
import { NodeIdSchema, SignalSourceSchema } from './signal-source.js';
import { SignalSchema, type Signal } from './signal.js';

const stateSignal: Signal = {
  id: 'lathe-3/state',
  name: '状态',
  source: {
    kind: 'opcua',
    nodeId: 'nsu=http://example.com/lathe/;s=Lathe3.MachineryItemState.CurrentState',
    typeDefinitionId: 'nsu=http://opcfoundation.org/UA/Machinery/;i=1002',
  },
  semantic: 'machine_state',
  unit: '',
  stateMappings: [
    { rawState: 'Executing', bucket: 'apt' },
    { rawState: 'OutOfService', bucket: 'pdot' },
    { rawState: 'Transitioning' },
  ],
};

const goodCounter: Signal = {
  id: 'lathe-3/good',
  source: { kind: 'mqtt', topic: 'factory/lathe3/counters', jsonPath: '$.counters.good', timestampJsonPath: '$.ts' },
  semantic: 'good_count',
  unit: '',
  counter: { monotonic: true, resetsOnJob: true, wrapsAt: 65_536 },
  stateMappings: [],
};

describe('Signal', () => {
  it('parses signals from each kind of source', () => {
    expect(SignalSchema.parse(stateSignal)).toEqual(stateSignal);
    expect(SignalSchema.parse(goodCounter)).toEqual(goodCounter);
    const sparkplug: Signal = {
      id: 'press-1/cycles',
      source: { kind: 'sparkplug', groupId: 'plant1', edgeNodeId: 'gw-2', deviceId: 'press-1', metricName: 'Production/Cycles' },
      semantic: 'cycle_count',
      unit: '',
      counter: { monotonic: true },
      stateMappings: [],
      partsPerCycle: 4,
    };
    expect(SignalSchema.parse(sparkplug)).toEqual(sparkplug);
    const custom: Signal = {
      id: 'oven-1/temp',
      source: { kind: 'custom', sourceType: 'modbus', attributes: { register: '40001', unitId: '1' } },
      semantic: 'measurement',
      unit: 'Cel',
      stateMappings: [],
    };
    expect(SignalSchema.parse(custom)).toEqual(custom);
  });

  it('names the invalid field', () => {
    expect(issuePaths(SignalSchema, { ...stateSignal, semantic: 'state' })).toEqual([['semantic']]);
    expect(issuePaths(SignalSchema, { ...stateSignal, id: 'lathe 3' })).toEqual([['id']]);
    expect(issuePaths(SignalSchema, { ...stateSignal, unit: 'deg C' })).toEqual([['unit']]);
    expect(issuePaths(SignalSchema, { ...stateSignal, stateMappings: [{ rawState: 'Executing', bucket: 'run' }] })).toEqual([
      ['stateMappings', 0, 'bucket'],
    ]);
    expect(issuePaths(SignalSchema, { ...goodCounter, partsPerCycle: 0 })).toEqual([['partsPerCycle']]);
  });

  it('requires a counter behaviour for counter semantics only', () => {
    const result = SignalSchema.safeParse({ ...goodCounter, counter: undefined });
    expect(result.error?.issues.map((i) => [i.path, i.message])).toEqual([
      [['counter'], 'counter behaviour is required for a good_count signal'],
    ]);
    expect(SignalSchema.safeParse({ ...stateSignal, counter: undefined }).success).toBe(true);
  });

  it('rejects raw states that repeat after trimming', () => {
    const mappings = [{ rawState: 'Execute', bucket: 'apt' }, { rawState: 'Held', bucket: 'adet' }, { rawState: ' Execute ', bucket: 'aust' }];
    expect(issuePaths(SignalSchema, { ...stateSignal, stateMappings: mappings })).toEqual([['stateMappings', 2, 'rawState']]);
  });
});

describe('SignalSource', () => {
  it('tells the kinds apart and names the bad field', () => {
    expect(issuePaths(SignalSourceSchema, { kind: 'modbus', sourceType: 'x', attributes: {} })).toEqual([['kind']]);
    expect(issuePaths(SignalSourceSchema, { kind: 'opcua', nodeId: 'Lathe3.State' })).toEqual([['nodeId']]);
    expect(issuePaths(SignalSourceSchema, { kind: 'mqtt', topic: 'factory/+/status' })).toEqual([['topic']]);
    expect(issuePaths(SignalSourceSchema, { kind: 'mqtt', topic: 'factory/#' })).toEqual([['topic']]);
    expect(issuePaths(SignalSourceSchema, { kind: 'mqtt', topic: 'a', jsonPath: 'counters.good' })).toEqual([['jsonPath']]);
    expect(
      issuePaths(SignalSourceSchema, { kind: 'sparkplug', groupId: 'plant/1', edgeNodeId: 'gw', metricName: 'm' }),
    ).toEqual([['groupId']]);
    expect(issuePaths(SignalSourceSchema, { kind: 'sparkplug', groupId: 'p', edgeNodeId: 'gw', metricName: '' })).toEqual([
      ['metricName'],
    ]);
    expect(issuePaths(SignalSourceSchema, { kind: 'custom', sourceType: 'modbus', attributes: { register: 40001 } })).toEqual([
      ['attributes', 'register'],
    ]);
  });

  it('checks the OPC UA index range, structure field and intervals of an address', () => {
    const base = { kind: 'opcua', nodeId: 'ns=2;i=7' };
    expect(SignalSourceSchema.parse({ ...base, indexRange: '0', field: 'AccCount', samplingInterval: 0, publishingInterval: 100 })).toMatchObject({
      indexRange: '0',
      field: 'AccCount',
    });
    for (const indexRange of ['0', '2:5', '0,1:3', '4294967295']) expect(issuePaths(SignalSourceSchema, { ...base, indexRange })).toEqual([]);
    for (const indexRange of ['', '-1', '01', '3:3', '5:2', '1:', 'a', '0,,1', '4294967296', '0 '])
      expect(issuePaths(SignalSourceSchema, { ...base, indexRange }), indexRange).toEqual([['indexRange']]);
    for (const field of ['AccCount', 'acc_count', 'Inner.Value']) expect(issuePaths(SignalSourceSchema, { ...base, field })).toEqual([]);
    for (const field of ['', '0Count', 'Acc Count', 'a..b', '.a', 'a['])
      expect(issuePaths(SignalSourceSchema, { ...base, field }), field).toEqual([['field']]);
    expect(issuePaths(SignalSourceSchema, { ...base, samplingInterval: -1 })).toEqual([['samplingInterval']]);
    expect(issuePaths(SignalSourceSchema, { ...base, publishingInterval: 5 })).toEqual([['publishingInterval']]);
  });

  it('accepts the OPC UA NodeId string forms', () => {
    for (const id of [
      'i=2258',
      'ns=2;i=1002',
      'ns=3;s=Lathe3.State',
      'nsu=http://opcfoundation.org/UA/Machinery/;i=1002',
      'ns=1;g=09087e75-8e5e-499b-954f-f2a9603db28a',
      'ns=1;b=M/RbKBsRVkePCePcx24oRA==',
    ]) {
      expect([id, NodeIdSchema.safeParse(id).success]).toEqual([id, true]);
    }
    for (const id of ['', 'ns=x;i=1', 'ns=2;i=abc', 'ns=2;', 's=', 'ns=1;g=not-a-guid', 'State']) {
      expect([id, NodeIdSchema.safeParse(id).success]).toEqual([id, false]);
    }
  });
});

describe('CounterBehavior', () => {
  it('parses monotonic and non-monotonic counters', () => {
    expect(CounterBehaviorSchema.parse({ monotonic: true })).toEqual({ monotonic: true });
    expect(CounterBehaviorSchema.parse({ monotonic: false, resetsOnJob: false })).toEqual({ monotonic: false, resetsOnJob: false });
  });

  it('rejects a bad modulus and a missing monotonic flag', () => {
    expect(issuePaths(CounterBehaviorSchema, { monotonic: true, wrapsAt: 0 })).toEqual([['wrapsAt']]);
    expect(issuePaths(CounterBehaviorSchema, { monotonic: true, wrapsAt: 65_535.5 })).toEqual([['wrapsAt']]);
    expect(issuePaths(CounterBehaviorSchema, { monotonic: true, wrapsAt: Number.POSITIVE_INFINITY })).toEqual([['wrapsAt']]);
    expect(issuePaths(CounterBehaviorSchema, { resetsOnJob: true })).toEqual([['monotonic']]);
    expect(issuePaths(CounterBehaviorSchema, { monotonic: 'yes' })).toEqual([['monotonic']]);
  });

  it('is, when monotonic, a CounterBehaviour the delta derivation takes as is', () => {
    expectTypeOf<Extract<CounterBehavior, { monotonic: true }>>().toExtend<CounterBehaviour>();
    const behaviour = CounterBehaviorSchema.parse({ monotonic: true, wrapsAt: 1000 });
    if (!behaviour.monotonic) throw new Error('expected a monotonic counter');
    // 990 → 995 (+5) → 3: wrap, 1000 − 995 + 3 = 8. Total 13.
    const points = [990, 995, 3].map((value, i) => ({ t: i + 1, value, quality: 'good' as const }));
    expect(computeCounterDeltas(points, behaviour).total).toBe(13);
  });
});
