import type { Sample } from './sample.js';

/**
 * Where a source delivers its samples, given to it at creation (`SourceContext.sink`).
 *
 * `write` takes samples of one or more signals, each signal's samples in source-time order.
 * When it returns a promise the source must wait for it before writing again: that is the
 * agent's backpressure (the outbox is writing), and a source that can pause (a generator, a
 * replay) simply stops producing meanwhile; one that cannot (an OPC UA subscription) keeps
 * queueing in its own bounded buffer. The agent never throws back into a source for bad
 * data; a rejected promise means the agent is shutting down and the source should stop.
 */
export interface SampleSink {
  /** Delivers samples; the array and its samples must not be changed by the source afterwards. */
  write(samples: readonly Sample[]): void | Promise<void>;
}
