import { isRongtongError } from '@rongtong/core';
import { describe, expect, it } from 'vitest';
import { createMessageMapper, type MessageMapperOptions } from './message-mapper.js';
import { MqttTopicTemplateSchema, type MqttTopicTemplateInput } from './mqtt-json-config.js';

const RX = Date.parse('2025-06-01T00:00:00Z');
const T = Date.parse('2025-01-01T00:00:00Z');
const json = (value: unknown) => Buffer.from(JSON.stringify(value));

function mapper(topics: MqttTopicTemplateInput[], rest: Partial<MessageMapperOptions> = {}) {
  return createMessageMapper({ topics: topics.map((t) => MqttTopicTemplateSchema.parse(t)), qos: 1, ...rest });
}

const telemetry: MqttTopicTemplateInput = {
  topic: 'factory/{line}/{machine}/telemetry',
  equipment: '{machine}',
  timestampPath: '$.ts',
  fields: [
    { path: '$.state', signal: '{machine}/state', semantic: 'machine_state' },
    { path: '$.counters.good', signal: '{machine}/good', semantic: 'good_count' },
    { path: '$.temp', signal: '{line}.{machine}/temp', optional: true },
  ],
};

describe('message mapper', () => {
  it('maps a templated message to samples with ids from the topic, integer counters and the payload time', () => {
    const m = mapper([telemetry]);
    const result = m.map('factory/l2/m7/telemetry', json({ ts: 1_735_689_600, state: 'Executing', counters: { good: 120 }, temp: 21.5 }), RX);
    expect(result.errors).toEqual([]);
    expect(result.samples).toEqual([
      { signalId: 'm7/state', sourceTime: T, value: 'Executing', quality: 'good' },
      { signalId: 'm7/good', sourceTime: T, value: 120n, quality: 'good' },
      { signalId: 'l2.m7/temp', sourceTime: T, value: 21.5, quality: 'good' },
    ]);
    expect(result.discovered).toEqual([
      { signalId: 'm7/state', equipmentId: 'm7', semantic: 'machine_state', topic: 'factory/l2/m7/telemetry', template: telemetry.topic, captures: { line: 'l2', machine: 'm7' } },
      { signalId: 'm7/good', equipmentId: 'm7', semantic: 'good_count', topic: 'factory/l2/m7/telemetry', template: telemetry.topic, captures: { line: 'l2', machine: 'm7' } },
      { signalId: 'l2.m7/temp', equipmentId: 'm7', topic: 'factory/l2/m7/telemetry', template: telemetry.topic, captures: { line: 'l2', machine: 'm7' } },
    ]);
    // Discovered once only.
    expect(m.map('factory/l2/m7/telemetry', json({ ts: 1_735_689_601, state: 'Idle', counters: { good: 121 } }), RX).discovered).toEqual([]);
    expect(m.subscriptions).toEqual([{ filter: 'factory/+/+/telemetry', qos: 1 }]);
  });

  it('uses the receive time when no timestamp path is configured', () => {
    const m = mapper([{ topic: 'a/{x}', fields: [{ path: '$.v', signal: '{x}/v' }] }]);
    expect(m.map('a/m1', json({ v: 1 }), RX).samples).toEqual([{ signalId: 'm1/v', sourceTime: RX, value: 1, quality: 'good' }]);
  });

  it('turns an array of points into one sample per point, in time order, each at its own time', () => {
    const m = mapper([
      {
        topic: 'line/{machine}/batch',
        fields: [
          { path: '$.points[*].v', signal: '{machine}/temp', timestampPath: '$.points[*].t' },
          { path: '$.counts[*]', signal: '{machine}/count', type: 'integer', timestampPath: '$.at' },
        ],
      },
    ]);
    const payload = {
      at: '2025-01-01T08:00:05+08:00',
      points: [
        { t: T + 2000, v: 22 },
        { t: '2025-01-01T00:00:00Z', v: 20 },
        { t: (T + 1000) / 1000, v: 21 },
      ],
      counts: [5, 6],
    };
    const result = m.map('line/m1/batch', json(payload), RX);
    expect(result.errors).toEqual([]);
    expect(result.samples).toEqual([
      { signalId: 'm1/temp', sourceTime: T, value: 20, quality: 'good' },
      { signalId: 'm1/temp', sourceTime: T + 1000, value: 21, quality: 'good' },
      { signalId: 'm1/temp', sourceTime: T + 2000, value: 22, quality: 'good' },
      { signalId: 'm1/count', sourceTime: T + 5000, value: 5n, quality: 'good' },
      { signalId: 'm1/count', sourceTime: T + 5000, value: 6n, quality: 'good' },
    ]);
    expect(m.map('line/m1/batch', json({ at: T, points: [], counts: [] }), RX)).toMatchObject({ samples: [], errors: [] });
  });

  it('reads exact signal addresses, the whole payload when there is no jsonPath, with semantics deciding integers', () => {
    const m = mapper([], {
      signals: [
        { id: 'press-1/state', semantic: 'machine_state', address: { kind: 'mqtt', topic: 'press/1/status', jsonPath: '$.state', timestampJsonPath: '$.time' } },
        { id: 'press-1/parts', semantic: 'produced_count', address: { kind: 'mqtt', topic: 'press/1/status', jsonPath: "$['parts-total']" } },
        { id: 'press-1/speed', semantic: 'speed', address: { kind: 'mqtt', topic: 'press/1/speed' } },
      ],
    });
    expect(m.subscriptions).toEqual([
      { filter: 'press/1/status', qos: 1 },
      { filter: 'press/1/speed', qos: 1 },
    ]);
    const status = m.map('press/1/status', json({ state: 'Stopped', time: '2025-01-01T00:00:00Z', 'parts-total': '9007199254740993' }), RX);
    expect(status.samples).toEqual([
      { signalId: 'press-1/state', sourceTime: T, value: 'Stopped', quality: 'good' },
      { signalId: 'press-1/parts', sourceTime: RX, value: 9007199254740993n, quality: 'good' },
    ]);
    expect(status.discovered).toEqual([]); // exact signals are the agent's own
    expect(m.map('press/1/speed', Buffer.from('42.5'), RX).samples).toEqual([{ signalId: 'press-1/speed', sourceTime: RX, value: 42.5, quality: 'good' }]);
    expect(m.map('press/2/status', json({}), RX)).toEqual({ matched: false, samples: [], errors: [], discovered: [] });
  });

  it('lets exact signals and templates read the same message, subscribing once', () => {
    const m = mapper([{ topic: 'press/{n}/status', fields: [{ path: '$.state', signal: 'press-{n}/state-from-template' }] }], {
      signals: [{ id: 'press-1/state', address: { kind: 'mqtt', topic: 'press/1/status', jsonPath: '$.state' } }],
    });
    expect(m.subscriptions).toEqual([{ filter: 'press/+/status', qos: 1 }]);
    expect(m.map('press/1/status', json({ state: 'Run' }), RX).samples.map((s) => s.signalId)).toEqual(['press-1/state', 'press-1/state-from-template']);
  });

  it('counts each malformed value by reason and keeps the good values of the same message', () => {
    const m = mapper([
      {
        topic: 'm/{id}',
        fields: [
          { path: '$.ok', signal: '{id}/ok' },
          { path: '$.missing', signal: '{id}/missing' },
          { path: '$.obj', signal: '{id}/obj' },
          { path: '$.nil', signal: '{id}/nil' },
          { path: '$.ok', signal: '{id}/late', timestampPath: '$.badTime' },
          { path: '$.ok', signal: '{id}/untimed', timestampPath: '$.noTime' },
          { path: '$.notArray[*]', signal: '{id}/arr' },
          { path: '$.float', signal: '{id}/count', semantic: 'cycle_count' },
        ],
      },
    ]);
    const result = m.map('m/x', json({ ok: 1, obj: { a: 1 }, nil: null, badTime: 'soon', notArray: 5, float: 2.5 }), RX);
    expect(result.samples).toEqual([{ signalId: 'x/ok', sourceTime: RX, value: 1, quality: 'good' }]);
    expect(result.errors).toEqual([
      { reason: 'path_not_found', detail: '$.missing not found', signalId: 'x/missing', path: '$.missing' },
      { reason: 'wrong_type', detail: 'expected a number, a boolean or text, got an object', signalId: 'x/obj', path: '$.obj' },
      { reason: 'wrong_type', detail: 'expected a number, a boolean or text, got null', signalId: 'x/nil', path: '$.nil' },
      { reason: 'bad_timestamp', detail: expect.stringMatching(/"soon" is not an ISO 8601/) as unknown, signalId: 'x/late', path: '$.badTime' },
      { reason: 'bad_timestamp', detail: 'timestamp $.noTime not found', signalId: 'x/untimed', path: '$.noTime' },
      { reason: 'path_not_found', detail: '$.notArray[*]: not an array before [*]', signalId: 'x/arr', path: '$.notArray[*]' },
      { reason: 'wrong_type', detail: 'expected an integer, got number 2.5', signalId: 'x/count', path: '$.float' },
    ]);
  });

  it('reports a payload that is not JSON once, and an invalid signal id from the topic', () => {
    const m = mapper([{ topic: 'm/{id}', fields: [{ path: '$.a', signal: '{id}/a' }, { path: '$.b', signal: '{id}/b' }] }]);
    expect(m.map('m/x', Buffer.from('{"a": 1,'), RX).errors).toEqual([{ reason: 'not_json', detail: expect.stringMatching(/^payload is not JSON: /) as unknown }]);
    expect(m.map('m/x', Buffer.from([0xff, 0xfe, 0x7b]), RX).errors).toEqual([{ reason: 'not_json', detail: 'payload is not valid UTF-8' }]);
    expect(m.map('m/x', Buffer.from(''), RX).errors.map((e) => e.reason)).toEqual(['not_json']);
    expect(m.map('m/x', Buffer.from('\uFEFF{"a": 2}'), RX).samples.map((s) => s.value)).toEqual([2]);
    const bad = m.map('m/机床 1', json({ a: 1, b: 2 }), RX);
    expect(bad.samples).toEqual([]);
    expect(bad.errors.map((e) => [e.reason, e.signalId])).toEqual([
      ['invalid_signal_id', '机床 1/a'],
      ['invalid_signal_id', '机床 1/b'],
    ]);
  });

  it('reads ISO times without offset in the configured local offset', () => {
    const m = mapper([{ topic: 'x', timestampPath: '$.ts', fields: [{ path: '$.v', signal: 'x' }] }], { localOffsetMinutes: 480 });
    expect(m.map('x', json({ ts: '2025-01-01 08:00:00', v: 1 }), RX).samples[0]?.sourceTime).toBe(T);
  });

  it('refuses signals without a usable mqtt address, naming each by index', () => {
    try {
      mapper([], {
        signals: [
          { id: 'ok', address: { kind: 'mqtt', topic: 'a' } },
          { id: 'none' },
          { id: 'opc', address: { kind: 'opcua', nodeId: 'ns=2;i=1' } },
          { id: 'wild', address: { kind: 'mqtt', topic: 'a/+' } },
          { id: 'deep', address: { kind: 'mqtt', topic: 'a', jsonPath: '$..v' } },
          { id: 'pair', address: { kind: 'mqtt', topic: 'a', jsonPath: '$.v', timestampJsonPath: '$.p[*].t' } },
          { id: 'bad id', address: { kind: 'mqtt', topic: 'a' } },
        ],
      });
      expect.unreachable();
    } catch (err) {
      expect(isRongtongError(err) && err.code).toBe('INVALID_CONFIG');
      expect(isRongtongError(err) && err.fieldViolations.map((v) => v.path)).toEqual([
        'signals.1.address',
        'signals.2.address',
        'signals.3.address',
        'signals.4.address.jsonPath',
        'signals.5.address.timestampJsonPath',
        'signals.6.id',
      ]);
      expect((err as Error).message).toContain('signal "opc" has an address of kind opcua');
    }
  });
});
