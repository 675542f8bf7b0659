import type { EmbeddedBrokerStats } from '@rongtong/mqtt';
import type { DroppedTotals } from '../outbox/outbox.js';
import type { PipelineStats } from '../pipeline/pipeline.js';
import type { Source } from '../sources/source.js';
import type { SourceState } from '../sources/source-state.js';
import type { Uplink, UplinkDeclarationStats, UplinkFatal, UplinkState } from '../uplink/uplink.js';

/** One source in a snapshot. */
export interface SourceSnapshot {
  readonly id: string;
  readonly kind: string;
  readonly state: SourceState;
  /** The source's event counters (`Source.counters`), e.g. payload errors by reason; `{}` when it has none. */
  readonly counters: Readonly<Record<string, number>>;
}

/** What an uplink still has to send. */
export interface UplinkBacklogSnapshot {
  /** Pending (unsealed) records. */
  readonly pendingRecords: number;
  /** Payload bytes of the pending records. */
  readonly pendingBytes: number;
  /** Age (ms) of the oldest pending record at snapshot time; null when none. */
  readonly oldestPendingAgeMs: number | null;
  /** Sealed batches not yet acknowledged. */
  readonly sealedUnacked: number;
}

/** One uplink in a snapshot. */
export interface UplinkSnapshot {
  readonly name: string;
  /** Sharing level from the config: `raw`, `kpi` or `capacity`. */
  readonly sharing: string;
  readonly state: UplinkState;
  /** Highest acknowledged seq, as a decimal string (JSON has no bigint); `"0"` when none. */
  readonly lastAckSeq: string;
  /** When that ack arrived (ms since the epoch); null when none yet. */
  readonly lastAckTime: number | null;
  /** Batches sent and not yet answered. */
  readonly inFlight: number;
  /** Rejects received, by error code. */
  readonly rejects: Readonly<Record<string, number>>;
  /** Equipment declarations: requests the platform accepted, and refused ones by error code; absent when the uplink does not report them. */
  readonly declarations?: UplinkDeclarationStats;
  /** Why the uplink stopped for good; null while it runs. */
  readonly fatal: UplinkFatal | null;
  readonly backlog: UplinkBacklogSnapshot;
  /** What the outbox quota discarded (sent on as gap records). */
  readonly dropped: DroppedTotals;
  /** Samples the pipeline skipped for this uplink because its outbox already held them (replayed after a restart). */
  readonly replayedSamples: number;
  /** Batches the pipeline could not put into this uplink's outbox (logged). */
  readonly enqueueErrors: number;
}

/**
 * The embedded MQTT broker in a snapshot (`broker` section of the config): its URL and the
 * broker's counters (state snapshots are written to `<stateDir>/broker/`).
 */
export interface BrokerSnapshot extends EmbeddedBrokerStats {
  /** Where sources and devices connect, `mqtt://host:port`. */
  readonly url: string;
}

/**
 * The agent's state as `/status` serves it and `/readyz` and `/metrics` read it: plain,
 * JSON-safe data, filled by `snapshotOf` from the live objects (or by hand in tests).
 */
export interface AgentSnapshot {
  /** When the snapshot was taken (ms since the epoch). */
  readonly time: number;
  readonly sources: readonly SourceSnapshot[];
  readonly uplinks: readonly UplinkSnapshot[];
  /** Samples of signals not in the config, dropped by the pipeline. */
  readonly unknownSignalSamples: number;
  /** Sum of every uplink's `dropped`. */
  readonly dropped: DroppedTotals;
  /** The embedded broker; absent when the agent runs none. */
  readonly broker?: BrokerSnapshot;
}

/** An uplink as `snapshotOf` needs it: the live object plus what it does not report itself. */
export interface SnapshotUplink {
  readonly uplink: Pick<Uplink, 'name' | 'stats'>;
  /** Sharing level from the config (`uplinks[].sharing`). */
  readonly sharing: string;
  /** The fatal error, if any (see `watchUplinkFatal`). */
  readonly fatal?: () => UplinkFatal | undefined;
}

/** What `snapshotOf` reads. */
export interface SnapshotOfOptions {
  readonly sources: readonly Pick<Source, 'id' | 'kind' | 'state' | 'counters'>[];
  readonly uplinks: readonly SnapshotUplink[];
  readonly pipeline?: { stats(): PipelineStats };
  /** The embedded broker, if the agent runs one. */
  readonly broker?: { readonly url: string; stats(): Omit<BrokerSnapshot, 'url'> } | undefined;
  /** Clock (ms); defaults to `Date.now`. */
  readonly now?: () => number;
}

/** Remembers an uplink's fatal error (the `fatal` event) and returns a getter for `SnapshotUplink.fatal`. */
export function watchUplinkFatal(uplink: Pick<Uplink, 'on'>): () => UplinkFatal | undefined {
  let fatal: UplinkFatal | undefined;
  uplink.on('fatal', (f) => {
    fatal = f;
  });
  return () => fatal;
}

async function uplinkSnapshot(entry: SnapshotUplink, time: number, pipeline: PipelineStats | undefined): Promise<UplinkSnapshot> {
  const stats = await entry.uplink.stats();
  const { backlog } = stats;
  return {
    name: entry.uplink.name,
    sharing: entry.sharing,
    state: stats.state,
    lastAckSeq: stats.lastAckSeq.toString(),
    lastAckTime: stats.lastAckTime ?? null,
    inFlight: stats.inFlight,
    rejects: { ...stats.rejects },
    ...(stats.declarations === undefined ? {} : { declarations: { accepted: stats.declarations.accepted, rejects: { ...stats.declarations.rejects } } }),
    fatal: entry.fatal?.() ?? null,
    backlog: {
      pendingRecords: backlog.pendingRecords,
      pendingBytes: backlog.pendingBytes,
      oldestPendingAgeMs: backlog.oldestPendingTime === undefined ? null : Math.max(0, time - backlog.oldestPendingTime),
      sealedUnacked: backlog.sealedBatches,
    },
    dropped: { ...backlog.dropped },
    replayedSamples: pipeline?.replayed[entry.uplink.name] ?? 0,
    enqueueErrors: pipeline?.errors[entry.uplink.name] ?? 0,
  };
}

/** Builds an `AgentSnapshot` from the live sources, uplinks and pipeline through their stats APIs. */
export async function snapshotOf(options: SnapshotOfOptions): Promise<AgentSnapshot> {
  const time = (options.now ?? Date.now)();
  const pipeline = options.pipeline?.stats();
  const uplinks = await Promise.all(options.uplinks.map((u) => uplinkSnapshot(u, time, pipeline)));
  const dropped = { samples: 0, batches: 0, bytes: 0 };
  for (const u of uplinks) {
    dropped.samples += u.dropped.samples;
    dropped.batches += u.dropped.batches;
    dropped.bytes += u.dropped.bytes;
  }
  return {
    time,
    sources: options.sources.map((s) => ({ id: s.id, kind: s.kind, state: s.state, counters: { ...(s.counters?.() ?? {}) } })),
    uplinks,
    unknownSignalSamples: pipeline?.unknownSamples ?? 0,
    dropped,
    ...(options.broker === undefined ? {} : { broker: { url: options.broker.url, ...options.broker.stats() } }),
  };
}
