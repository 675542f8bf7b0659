import type { SignalSource } from '@rongtong/core';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { SignalConfig } from '../config/signal-config.js';
import type { SampleSink } from './sample-sink.js';
import type { SourceConfig } from './source-config.js';
import type { SourceState } from './source-state.js';
import type { Source } from './source.js';

/** What a source gets from the agent when it is made. */
export interface SourceContext {
  /** Where the source writes its samples. */
  readonly sink: SampleSink;
  /** The `signals[]` entries that name this source (ids, addresses, semantics), in config order. */
  readonly signals: readonly SignalConfig[];
  /** pino logger (already a child with `component` and the source id); silent when absent. */
  readonly logger?: Logger;
  /** Called on every state change, with the error that caused a `backoff` or an unexpected `closed`. */
  readonly onStateChange?: (state: SourceState, error?: Error) => void;
  /**
   * The source time (ms) of the last sample of a signal the agent already holds durably, or
   * undefined. Sources that can replay (the generator, a historian) continue after it so a
   * restart neither repeats nor skips data; live sources may ignore it.
   */
  readonly lastSourceTime?: (signalId: string) => number | undefined;
  /**
   * Dotted path of this source's entry in the config, e.g. `sources.2`, for the field paths of
   * errors the source finds at creation (`sources.2.password: environment variable … is not
   * set`). Absent when the source is made outside a config; name the entry by id then.
   */
  readonly configPath?: string;
  /**
   * The agent's state directory (`stateDir` of the config), for sources that keep files of
   * their own there — the `opcua` source's default PKI folder is `<stateDir>/pki/opcua`.
   * `runAgent` always sets it; absent when the source is made outside an agent (such a source
   * must then be configured not to need it, e.g. an explicit `pkiDir`).
   */
  readonly stateDir?: string;
}

/** A signal a source config defines itself (rather than by `signals[].address`), with where it is defined. */
export interface OwnSignal {
  /** The signal id. */
  readonly id: string;
  /** Path of the definition inside the source config, e.g. `['signals', 2, 'id']`, for error messages. */
  readonly path: readonly PropertyKey[];
}

/** What a factory finds wrong in a `signals[].address` that core's schema accepts, at a path inside the address. */
export interface AddressProblem {
  /** Path inside the address, e.g. `['jsonPath']`. */
  readonly path: readonly PropertyKey[];
  /** What is wrong, for a person. */
  readonly message: string;
}

/**
 * Makes sources of one kind. The agent keeps a registry of factories keyed by `kind`
 * (`createSourceRegistry`); a `sources[]` entry picks its factory by its `kind`, is parsed
 * by the factory's `configSchema` (which is also how it appears in the JSON Schema), and
 * the factory's `create` makes the `Source`. A vendor adds a protocol by writing one
 * factory and registering it — nothing in the agent changes.
 *
 * How `signals[]` entries address the data of a source is the factory's choice:
 * - `addressKind` set: every signal of the source carries an `address` of that kind of
 *   core's `SignalSource` (`opcua` NodeId, `mqtt` topic + JSONPath, `sparkplug` metric,
 *   `custom` attributes) — except the signals `signalWithoutAddress` accepts, whose ids the
 *   source config itself produces (MQTT topic templates: `{machine}/temp` produces
 *   `press-3/temp`); `checkAddress` adds what the kind cannot read in an address;
 * - `addressKind` absent: the source config names its signals itself (`ownSignals`), and
 *   signals of the source carry no address.
 *
 * `validate` applies these rules to the whole config (each problem at its field path), so a
 * config that validates does not fail at `create` for them.
 */
export interface SourceFactory<C extends SourceConfig = SourceConfig> {
  /** The `kind` this factory makes: 1–64 characters from `[a-z0-9-]`. */
  readonly kind: string;
  /** One line for `help` and the docs. */
  readonly description: string;
  /** Strict zod object of a `sources[]` entry of this kind, with `kind: z.literal(kind)` and `sourceConfigFields`. */
  readonly configSchema: z.ZodType<C>;
  /** The `SignalSource` kind of `signals[].address` for this source; absent when the source names its signals itself. */
  readonly addressKind?: SignalSource['kind'];
  /** The signals a config of this kind defines itself (only when `addressKind` is absent). */
  ownSignals?(config: C): readonly OwnSignal[];
  /**
   * Only with `addressKind`: whether a `signals[]` entry with id `signalId` may leave `address`
   * out because this source config produces the id itself (e.g. a topic template). `true`: it
   * may; `false`, or a text saying why not, and `validate` reports `signals.<i>.address` as
   * required (with the text). Absent: every signal of the source needs an address.
   */
  signalWithoutAddress?(config: C, signalId: string): boolean | string;
  /**
   * Only with `addressKind`: the problems of an address of that kind (already valid by core's
   * schema) that this kind cannot read — e.g. a JSONPath outside the subset the MQTT source
   * evaluates. `validate` reports each at `signals.<i>.address.<path>`. Absent: none.
   */
  checkAddress?(address: SignalSource, config: C): readonly AddressProblem[];
  /** Makes a source from a config parsed by `configSchema`. Does not start it. */
  create(config: C, context: SourceContext): Source;
}
