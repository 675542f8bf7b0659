import type { Logger } from 'pino';
import type { AgentConfig } from '../config/agent-config-schema.js';
import type { Outbox, OutboxSharingLevel } from '../outbox/outbox.js';
import type { Sample } from '../sources/sample.js';
import type { SampleSink } from '../sources/sample-sink.js';
import { createBatcher } from './batcher.js';
import { createKpiDeriver } from './kpi-deriver.js';
import type { EncodedPayload } from './kpi-payload.js';
import type { PipelineSample } from './pipeline-sample.js';
import { encodeRawPayload } from './raw-payload.js';

/** One uplink as the pipeline sees it: a name, its sharing level and its outbox. */
export interface PipelineUplink {
  readonly name: string;
  readonly sharingLevel: OutboxSharingLevel;
  readonly outbox: Pick<Outbox, 'enqueue'>;
}

/** Options of {@link createPipeline}. */
export interface PipelineOptions {
  /** The parsed agent config: its signals and batching settings are used. */
  readonly config: Pick<AgentConfig, 'signals' | 'batching'>;
  readonly uplinks: readonly PipelineUplink[];
  /** pino logger; silent when absent. */
  readonly logger?: Logger;
  /** The agent clock, ms since the Unix epoch (receive and create times); default `Date.now`. */
  readonly now?: () => number;
}

/** Counters of a pipeline, for status and metrics. */
export interface PipelineStats {
  /** Samples accepted (of configured signals). */
  readonly samples: number;
  /** Samples of signals not in the config, dropped. */
  readonly unknownSamples: number;
  /** Batches closed. */
  readonly batches: number;
  /** Payloads enqueued, per uplink name. */
  readonly enqueued: Readonly<Record<string, number>>;
  /** Failed enqueues or encodings, per uplink name. */
  readonly errors: Readonly<Record<string, number>>;
}

/** The running pipeline: give `sink` to the sources. */
export interface Pipeline {
  readonly sink: SampleSink;
  /** Closes the open batch and waits until it is in every outbox. */
  flush(): Promise<void>;
  /** Flushes and stops accepting samples. Idempotent. */
  close(): Promise<void>;
  stats(): PipelineStats;
}

/**
 * The agent's pipeline (DESIGN §3): sources write samples into `sink`; samples of unknown
 * signals are counted and logged once per id; the rest are stamped with the receive time and
 * batched (`config.batching`); each closed batch goes to every uplink at its sharing level —
 * raw uplinks get `encodeRawPayload`, kpi uplinks the KPI deriver's payload when it derived
 * something. An uplink whose outbox fails is logged and counted; the others still get it.
 * Capacity uplinks get nothing yet (capacity records are the next step).
 */
export function createPipeline(options: PipelineOptions): Pipeline {
  const { config, uplinks, logger } = options;
  const now = options.now ?? Date.now;
  const known = new Set(config.signals.map((s) => s.id));
  const unknownLogged = new Set<string>();
  const deriver = createKpiDeriver({ config });
  const enqueued: Record<string, number> = Object.fromEntries(uplinks.map((u) => [u.name, 0]));
  const errors: Record<string, number> = Object.fromEntries(uplinks.map((u) => [u.name, 0]));
  let accepted = 0;
  let unknownSamples = 0;
  let batches = 0;

  function rawPayload(samples: readonly PipelineSample[], createTime: number): EncodedPayload {
    let firstTime = Infinity;
    let lastTime = -Infinity;
    for (const s of samples) {
      firstTime = Math.min(firstTime, s.sourceTime);
      lastTime = Math.max(lastTime, s.sourceTime);
    }
    const signalIds = [...new Set(samples.map((s) => s.signalId))].sort();
    const meta = { samples: samples.length, firstTime: Math.floor(firstTime), lastTime: Math.ceil(lastTime), signalIds };
    return { payload: encodeRawPayload(samples, { createTime }), meta };
  }

  async function deliver(uplink: PipelineUplink, encoded: () => EncodedPayload | undefined): Promise<void> {
    try {
      const out = encoded();
      if (out === undefined) return;
      await uplink.outbox.enqueue(out.payload, out.meta);
      enqueued[uplink.name] = (enqueued[uplink.name] ?? 0) + 1;
    } catch (err) {
      errors[uplink.name] = (errors[uplink.name] ?? 0) + 1;
      logger?.error({ err, uplink: uplink.name }, 'could not enqueue a batch into the outbox of an uplink');
    }
  }

  async function onBatch(samples: readonly PipelineSample[]): Promise<void> {
    batches += 1;
    const createTime = now();
    let raw: EncodedPayload | undefined;
    let kpi: EncodedPayload | undefined;
    let kpiDone = false;
    const lazyKpi = (): EncodedPayload | undefined => {
      if (!kpiDone) kpi = deriver.deriveAndEncode(samples, createTime);
      kpiDone = true;
      return kpi;
    };
    // Encoded lazily and once per batch: the deriver runs only when a kpi uplink exists.
    await Promise.all(
      uplinks.map((uplink) => {
        switch (uplink.sharingLevel) {
          case 'SHARING_LEVEL_RAW':
            return deliver(uplink, () => (raw ??= rawPayload(samples, createTime)));
          case 'SHARING_LEVEL_KPI':
            return deliver(uplink, lazyKpi);
          case 'SHARING_LEVEL_CAPACITY':
            return Promise.resolve();
        }
      }),
    );
  }

  const batcher = createBatcher({ maxSamples: config.batching.maxSamples, maxDelayMs: config.batching.maxDelayMs, onBatch });

  const sink: SampleSink = {
    write(samples: readonly Sample[]) {
      const receiveTime = now();
      const keep: PipelineSample[] = [];
      for (const sample of samples) {
        if (known.has(sample.signalId)) {
          keep.push({ ...sample, receiveTime });
          continue;
        }
        unknownSamples += 1;
        if (!unknownLogged.has(sample.signalId)) {
          unknownLogged.add(sample.signalId);
          logger?.warn({ signalId: sample.signalId }, 'sample of a signal that is not in the config: dropped (logged once per signal)');
        }
      }
      accepted += keep.length;
      return batcher.write(keep);
    },
  };

  return {
    sink,
    flush: () => batcher.flush(),
    close: () => batcher.close(),
    stats: () => ({ samples: accepted, unknownSamples, batches, enqueued: { ...enqueued }, errors: { ...errors } }),
  };
}
