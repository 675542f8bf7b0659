import type { SourceState } from './source-state.js';

/**
 * A producer of samples: one connection to a machine, broker or simulated process
 * (`sources[]` entry of the agent config). Connector packages (`@rongtong/opcua`,
 * `@rongtong/mqtt`, a vendor's own) implement it with nothing but core; the agent makes
 * sources through its `SourceFactory` registry and gives each a `SampleSink`.
 *
 * Lifecycle (DESIGN §8): `start(signal)` / `stop()`; nothing keeps the process alive after
 * `stop()` resolves.
 *
 * - `start` begins the work and resolves once it has begun (it does not wait for data or
 *   for the machine to answer). A machine that is unreachable is not an error: the source
 *   goes to `backoff` and retries on its own. `start` rejects only when the source cannot
 *   run at all (e.g. a certificate file that does not exist), and may be called once.
 * - Aborting `signal` has the same effect as `stop()`.
 * - `stop` stops producing, closes connections and timers and resolves when no more samples
 *   will be written; it is idempotent and may be called before `start`.
 *
 * @example
 * ```ts
 * const source = registry.create(config.sources[0], { sink, signals });
 * await source.start(controller.signal);
 * // … source.state === 'connected'
 * await source.stop();
 * ```
 */
export interface Source {
  /** The source id (`sources[].id`), unique within the agent. */
  readonly id: string;
  /** The kind (`sources[].kind`) whose factory made it, e.g. `generator`, `opcua`. */
  readonly kind: string;
  /** Current connection state; `closed` is final. */
  readonly state: SourceState;
  /** Starts producing; see the interface comment. */
  start(signal?: AbortSignal): Promise<void>;
  /** Stops producing and releases everything; idempotent. */
  stop(): Promise<void>;
  /**
   * Optional: monotonic counts of what happened in the source since it was made — messages,
   * payload errors by reason, samples dropped from a full queue, reconnects — as flat
   * `snake_case` names (e.g. `payload_errors_not_json`). The agent shows them in `/status` and
   * exports them as `rongtong_agent_source_events_total{source, event}`.
   */
  counters?(): Readonly<Record<string, number>>;
}
