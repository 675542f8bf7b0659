import { SignalSchema, type Signal } from '@rongtong/core';
import { createMessageCodec, type Signal__Output } from '@rongtong/protocol';
import { describe, expect, it } from 'vitest';
import { signalInput, signalToProto } from './signal.js';

const codec = createMessageCodec<object, Signal__Output>('rongtong.v1.Signal');
/** Domain → proto → bytes → proto → domain, as a signal travels from an agent to the platform. */
const roundTrip = (signal: Signal): Signal => SignalSchema.parse(signalInput(codec.decode(codec.encode(signalToProto(signal)))));

describe('OPC UA signal address conversion', () => {
  it('keeps the part of the value (indexRange, field) and the intervals, 0 included', () => {
    const counter: Signal = {
      id: 'line-1/produced',
      source: { kind: 'opcua', nodeId: 'nsu=urn:acme:line1;s=Admin.ProdProcessedCount', indexRange: '0', field: 'AccCount', samplingInterval: 0, publishingInterval: 200 },
      semantic: 'produced_count',
      unit: '',
      counter: { monotonic: true },
      stateMappings: [],
    };
    expect(roundTrip(counter).source).toEqual(counter.source);
  });

  it('leaves them out when the address has none', () => {
    const state: Signal = { id: 'm1/state', source: { kind: 'opcua', nodeId: 'ns=2;i=7' }, semantic: 'machine_state', unit: '', stateMappings: [] };
    expect(roundTrip(state).source).toEqual({ kind: 'opcua', nodeId: 'ns=2;i=7' });
  });
});
