import { EventEmitter } from 'node:events';
import { pino, type Logger } from 'pino';
import type { Bus } from './bus.js';

/** Options of `createInProcessBus`. */
export interface InProcessBusOptions {
  /** pino logger for handlers that throw; silent by default. */
  logger?: Logger;
}

type Handler = (message: Uint8Array) => void;

/**
 * The Bus of a single platform instance: an EventEmitter, one event per topic. `publish`
 * calls every current subscriber of the topic synchronously, each with its own copy of the
 * message, in subscription order; a handler that throws is logged and the others still
 * run, and `publish` still resolves. After `close()` nothing is delivered: `publish`
 * resolves without calling anyone and `subscribe` returns a no-op.
 */
export function createInProcessBus(options: InProcessBusOptions = {}): Bus {
  const logger = (options.logger ?? pino({ level: 'silent' })).child({ component: 'in-process-bus' });
  const emitter = new EventEmitter();
  // Every feed subscription listens on one topic: no listener limit.
  emitter.setMaxListeners(0);
  let closed = false;

  return {
    publish(topic, message) {
      if (closed) return Promise.resolve();
      for (const handler of emitter.listeners(topic) as Handler[]) {
        if (closed) break;
        try {
          handler(message.slice());
        } catch (err) {
          logger.error({ err, topic }, 'a bus subscriber threw');
        }
      }
      return Promise.resolve();
    },
    subscribe(topic, handler) {
      if (closed) return () => undefined;
      // A wrapper per subscription, so the same function subscribed twice is two subscriptions.
      const listener: Handler = (message) => handler(message);
      emitter.on(topic, listener);
      return () => {
        emitter.off(topic, listener);
      };
    },
    close() {
      closed = true;
      emitter.removeAllListeners();
      return Promise.resolve();
    },
  };
}
