import type { Bus } from '@rongtong/platform';
import { busContractSuite } from './bus-contract-suite.js';

/**
 * A minimal bus that delivers on a later macrotask, like a networked bus: the suite must
 * pass it by waiting rather than assuming synchronous delivery.
 */
function createDeferredBus(): Bus {
  const handlers = new Map<string, Set<(m: Uint8Array) => void>>();
  let closed = false;
  return {
    publish(topic, message) {
      const copy = message.slice();
      setTimeout(() => {
        if (closed) return;
        for (const h of [...(handlers.get(topic) ?? [])]) {
          try {
            h(copy.slice());
          } catch {
            // a throwing subscriber does not stop the others
          }
        }
      }, 1);
      return Promise.resolve();
    },
    subscribe(topic, handler) {
      if (closed) return () => undefined;
      const wrapped = (m: Uint8Array) => handler(m);
      const set = handlers.get(topic) ?? new Set();
      set.add(wrapped);
      handlers.set(topic, set);
      return () => void set.delete(wrapped);
    },
    close() {
      closed = true;
      handlers.clear();
      return Promise.resolve();
    },
  };
}

busContractSuite('deferred reference bus', () => Promise.resolve({ bus: createDeferredBus() }));
