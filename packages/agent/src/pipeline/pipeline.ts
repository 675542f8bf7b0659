import type { Logger } from 'pino';
import type { AgentConfig } from '../config/agent-config-schema.js';
import type { Outbox, OutboxCheckpoint, OutboxSharingLevel } from '../outbox/outbox.js';
import type { Sample } from '../sources/sample.js';
import type { SampleSink } from '../sources/sample-sink.js';
import { createBatcher } from './batcher.js';
import { createCapacityUplinkDeriver, type CapacityUplinkDeriverState } from './capacity-uplink-deriver.js';
import type { KpiDeriverState } from './kpi-deriver.js';
import type { EncodedPayload } from './kpi-payload.js';
import { createKpiUplinkDeriver, type KpiUplinkDeriverState } from './kpi-uplink-deriver.js';
import type { PipelineSample } from './pipeline-sample.js';
import { encodeRawPayload } from './raw-payload.js';

/** One uplink as the pipeline sees it: a name, its sharing level and its outbox. */
export interface PipelineUplink {
  readonly name: string;
  readonly sharingLevel: OutboxSharingLevel;
  readonly outbox: Pick<Outbox, 'enqueue' | 'saveCheckpoint'>;
  /**
   * The outbox's checkpoint when the pipeline starts (`Outbox.checkpoint()`): samples a
   * source delivers again after a restart, at or before the saved source time of their
   * signal, are skipped for this uplink, and a KPI deriver continues from the saved state.
   * Default: nothing saved.
   */
  readonly checkpoint?: OutboxCheckpoint;
}

/** Options of {@link createPipeline}. */
export interface PipelineOptions {
  /** The parsed agent config: its signals, equipment (capacity bases) and batching settings are used. */
  readonly config: Pick<AgentConfig, 'signals' | 'equipment' | 'batching'>;
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
  /** Samples skipped per uplink name because that uplink's outbox already held them (a source replaying after a restart). */
  readonly replayed: Readonly<Record<string, number>>;
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

/** One uplink's lane through the pipeline: what it skips on resume and its deriver. */
interface Lane {
  readonly uplink: PipelineUplink;
  /** Per signal: the saved source time to skip up to; an entry goes once the signal moved past it. */
  readonly resumeAfter: Map<string, number>;
  /** The deriver of a kpi or capacity uplink (one per uplink: each continues from its own outbox's state). */
  readonly deriver: LaneDeriver | undefined;
}

/** What the pipeline needs of a kpi or capacity uplink's deriver. */
interface LaneDeriver {
  deriveAndEncode(samples: readonly PipelineSample[], createTime: number): EncodedPayload | undefined;
  state(): unknown;
}

/** Newest source time per signal of `samples` (integer ms, rounded up). */
function newestTimes(samples: readonly PipelineSample[]): Record<string, number> {
  const times: Record<string, number> = {};
  for (const s of samples) {
    const t = Math.ceil(s.sourceTime);
    if (!(t <= (times[s.signalId] ?? -Infinity))) times[s.signalId] = t;
  }
  return times;
}

/**
 * The agent's pipeline (DESIGN §3): sources write samples into `sink`; samples of unknown
 * signals are counted and logged once per id; the rest are stamped with the receive time and
 * batched (`config.batching`); each closed batch goes to every uplink at its sharing level —
 * raw uplinks get `encodeRawPayload`, kpi uplinks their KPI deriver's state intervals,
 * production counts and hourly KPIs, capacity uplinks their hourly capacity records (USED / UNUSED / TOTAL),
 * whenever something ended. Every uplink's outbox stores, with the payload and in the same transaction, the
 * newest source time per signal it now accounts for (and a kpi uplink its deriver's state):
 * after a crash the sources continue after it (`lastSourceTime`) and what they deliver again
 * is skipped per uplink, so each outbox gets every sample exactly once. An uplink whose outbox
 * fails is logged and counted; the others still get it.
 */
export function createPipeline(options: PipelineOptions): Pipeline {
  const { config, uplinks, logger } = options;
  const now = options.now ?? Date.now;
  const known = new Set(config.signals.map((s) => s.id));
  const unknownLogged = new Set<string>();
  const enqueued: Record<string, number> = Object.fromEntries(uplinks.map((u) => [u.name, 0]));
  const errors: Record<string, number> = Object.fromEntries(uplinks.map((u) => [u.name, 0]));
  const replayed: Record<string, number> = Object.fromEntries(uplinks.map((u) => [u.name, 0]));
  let accepted = 0;
  let unknownSamples = 0;
  let batches = 0;

  function restoredState<T>(uplink: PipelineUplink): T | undefined {
    const saved = uplink.checkpoint?.deriverState;
    if (saved === undefined) return undefined;
    try {
      return JSON.parse(saved) as T;
    } catch (err) {
      logger?.error({ err, uplink: uplink.name }, 'the saved deriver state is not JSON: starting from an empty state');
      return undefined;
    }
  }

  function derivers(uplink: PipelineUplink): LaneDeriver | undefined {
    switch (uplink.sharingLevel) {
      case 'SHARING_LEVEL_RAW':
        return undefined;
      case 'SHARING_LEVEL_KPI': {
        const initialState = restoredState<KpiUplinkDeriverState | KpiDeriverState>(uplink);
        return createKpiUplinkDeriver({ config, ...(initialState ? { initialState } : {}) });
      }
      case 'SHARING_LEVEL_CAPACITY': {
        const initialState = restoredState<CapacityUplinkDeriverState>(uplink);
        return createCapacityUplinkDeriver({ config, ...(initialState ? { initialState } : {}) });
      }
    }
  }

  const lanes: Lane[] = uplinks.map((uplink) => ({
    uplink,
    resumeAfter: new Map(Object.entries(uplink.checkpoint?.sourceTimes ?? {})),
    deriver: derivers(uplink),
  }));

  /** The samples of `batch` this lane's outbox does not hold yet (the same array when that is all of them). */
  function fresh(lane: Lane, batch: readonly PipelineSample[]): readonly PipelineSample[] {
    if (lane.resumeAfter.size === 0) return batch;
    const moved = new Set<string>();
    const keep = batch.filter((s) => {
      const after = lane.resumeAfter.get(s.signalId);
      if (after === undefined) return true;
      if (s.sourceTime <= after) return false;
      moved.add(s.signalId);
      return true;
    });
    for (const id of moved) lane.resumeAfter.delete(id);
    const skipped = batch.length - keep.length;
    if (skipped > 0) {
      replayed[lane.uplink.name] = (replayed[lane.uplink.name] ?? 0) + skipped;
      logger?.debug({ uplink: lane.uplink.name, skipped }, 'skipped samples this uplink already holds (replayed after a restart)');
    }
    return keep;
  }

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

  /** Enqueues `encoded` with `checkpoint`, or saves the checkpoint alone when there is nothing to send. */
  async function deliver(lane: Lane, encoded: EncodedPayload | undefined, checkpoint: OutboxCheckpoint): Promise<void> {
    const { name, outbox } = lane.uplink;
    try {
      if (encoded === undefined) {
        await outbox.saveCheckpoint(checkpoint);
        return;
      }
      await outbox.enqueue(encoded.payload, encoded.meta, checkpoint);
      enqueued[name] = (enqueued[name] ?? 0) + 1;
    } catch (err) {
      errors[name] = (errors[name] ?? 0) + 1;
      logger?.error({ err, uplink: name }, 'could not enqueue a batch into the outbox of an uplink');
    }
  }

  async function onBatch(samples: readonly PipelineSample[]): Promise<void> {
    batches += 1;
    const createTime = now();
    const sourceTimes = newestTimes(samples);
    let shared: EncodedPayload | undefined;
    await Promise.all(
      lanes.map((lane) => {
        const mine = fresh(lane, samples);
        if (lane.deriver === undefined) {
          if (mine.length === 0) return deliver(lane, undefined, { sourceTimes });
          // Encoded once per batch for every raw uplink that takes all of it.
          const encoded = mine === samples ? (shared ??= rawPayload(samples, createTime)) : rawPayload(mine, createTime);
          return deliver(lane, encoded, { sourceTimes });
        }
        // Saved with every batch, even when no interval, hour or record ended: the deriver's carry moved on.
        const encoded = lane.deriver.deriveAndEncode(mine, createTime);
        return deliver(lane, encoded, { sourceTimes, deriverState: JSON.stringify(lane.deriver.state()) });
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
    stats: () => ({ samples: accepted, unknownSamples, batches, enqueued: { ...enqueued }, errors: { ...errors }, replayed: { ...replayed } }),
  };
}
