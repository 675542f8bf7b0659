import type { Bus } from '../bus/bus.js';

/** A bus subscription shared by many users: subscribed while at least one holds it. */
export interface SharedSubscription {
  /** Holds the subscription; call the returned function (once) to let go. */
  acquire(): () => void;
  /** How many holders there are now. */
  readonly holders: number;
}

/**
 * One `bus.subscribe(topic, handler)` for any number of holders, made when the first
 * holder arrives and undone when the last one leaves, so an idle service keeps no
 * subscription (and a test can check that nothing is left behind).
 */
export function createSharedSubscription(bus: Bus, topic: string, handler: (message: Uint8Array) => void): SharedSubscription {
  let holders = 0;
  let unsubscribe: (() => void) | undefined;
  return {
    acquire() {
      holders += 1;
      unsubscribe ??= bus.subscribe(topic, handler);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        holders -= 1;
        if (holders === 0 && unsubscribe) {
          unsubscribe();
          unsubscribe = undefined;
        }
      };
    },
    get holders() {
      return holders;
    },
  };
}
