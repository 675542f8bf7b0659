import { busContractSuite } from '@rongtong/testkit';
import { describe, expect, it } from 'vitest';
import { createInProcessBus } from './in-process-bus.js';

busContractSuite('in-process', () => Promise.resolve({ bus: createInProcessBus() }));

describe('in-process bus', () => {
  it('gives each subscriber its own copy of the message', async () => {
    const bus = createInProcessBus();
    const seen: number[] = [];
    bus.subscribe('t', (m) => {
      m[0] = 99;
    });
    bus.subscribe('t', (m) => void seen.push(m[0]!));
    const message = new Uint8Array([1]);
    await bus.publish('t', message);
    expect(seen).toEqual([1]);
    expect(message[0]).toBe(1);
    await bus.close();
  });

  it('delivers synchronously, before publish resolves, and treats a function subscribed twice as two subscriptions', async () => {
    const bus = createInProcessBus();
    const seen: string[] = [];
    const handler = (m: Uint8Array) => void seen.push(new TextDecoder().decode(m));
    const first = bus.subscribe('t', handler);
    bus.subscribe('t', handler);
    const pending = bus.publish('t', new TextEncoder().encode('a'));
    expect(seen).toEqual(['a', 'a']);
    await pending;
    first();
    await bus.publish('t', new TextEncoder().encode('b'));
    expect(seen).toEqual(['a', 'a', 'b']);
    await bus.close();
  });

  it('takes thousands of subscribers on one topic without a listener-leak warning', async () => {
    const bus = createInProcessBus();
    const warnings: Error[] = [];
    const onWarning = (w: Error) => void warnings.push(w);
    process.on('warning', onWarning);
    let count = 0;
    for (let i = 0; i < 2000; i += 1) bus.subscribe('rongtong.feed', () => void (count += 1));
    await bus.publish('rongtong.feed', new Uint8Array([1]));
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);
    expect(count).toBe(2000);
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    await bus.close();
  });
});
