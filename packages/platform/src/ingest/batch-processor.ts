import { RongtongError, isRongtongError, type ChainAnchor, type SharingLevel, type SignedBatch } from '@rongtong/core';
import { batchPayloadCodec, toBigInt, type BatchPayload__Output, type PublishResponse, type SignedBatch__Output } from '@rongtong/protocol';
import { BUS_TOPICS } from '../bus/bus.js';
import { batchFacts } from '../capacity/batch-facts.js';
import { createRawFactDeriver, deriveRawFacts } from '../capacity/raw-facts.js';
import type { PlatformContext } from '../context.js';
import { emitSafely } from '../platform-events.js';
import type { BatchRecord } from '../store/records.js';
import { batchEvents } from './batch-events.js';
import type { IngestMetrics } from './ingest-metrics.js';
import { checkSharingLevel } from './sharing-level.js';
import type { SignalDirectory } from './signal-directory.js';
import { checkEnvelope, verifyBatch, type BatchSender } from './validate-batch.js';

/** One agent's open Publish stream, as the batch processor sees it. */
export interface AgentStream extends BatchSender {
  readonly enterpriseId: string;
  /** The stream's Hello.sharing_level. */
  readonly level: SharingLevel;
  /** The agent's chain head as this stream last saw it; advanced on every commit. */
  head: ChainAnchor;
}

/** Turns one SignedBatch into its Ack or Reject. */
export interface BatchProcessor {
  /**
   * Verifies, decodes, checks and commits one batch (or recognises a replay) and returns
   * the answer. Never throws: every failure is a Reject, and a Reject stores nothing.
   */
  process(stream: AgentStream, batch: SignedBatch__Output): Promise<PublishResponse>;
}

/** What a batch processor works with. */
export interface BatchProcessorDeps {
  ctx: PlatformContext;
  metrics: IngestMetrics;
  signals: SignalDirectory;
}

const ascii = new TextEncoder();

/** The ingest pipeline for one batch: envelope → chain and signature → payload → events → commit. */
export function createBatchProcessor(deps: BatchProcessorDeps): BatchProcessor {
  const { ctx, metrics } = deps;
  const logger = ctx.logger.child({ component: 'ingest' });
  // State intervals and counts the platform derives from raw samples (same core code as the agent).
  const rawFacts = createRawFactDeriver({ store: ctx.store, signals: deps.signals });

  const ack = (seq: bigint, duplicate: boolean): PublishResponse => ({ ack: { seq: seq.toString(), duplicate } });

  const reject = (stream: AgentStream, seq: bigint, error: unknown): PublishResponse => {
    let err: RongtongError;
    if (isRongtongError(error)) {
      err = error;
    } else {
      logger.error({ err: error, agentId: stream.agentId, seq: seq.toString() }, 'unexpected error while ingesting a batch');
      err = new RongtongError('INTERNAL', 'internal error (see the platform log)');
    }
    metrics.batchRejected(err.code);
    emitSafely(ctx.events, logger, 'batchRejected', {
      tenantId: stream.tenantId,
      agentId: stream.agentId,
      seq,
      code: err.code,
      message: err.message,
    });
    return { reject: { seq: seq.toString(), code: `ERROR_CODE_${err.code}`, message: err.message } };
  };

  const commit = async (stream: AgentStream, batch: SignedBatch, retry: boolean): Promise<PublishResponse> => {
    const verdict = await verifyBatch(batch, stream, stream.head, ctx.store);
    if (verdict.kind === 'duplicate') {
      metrics.batchDuplicate();
      return ack(batch.seq, true);
    }
    const payload = decodePayload(batch.payload);
    const level = checkSharingLevel(payload, stream.level);
    const equipmentOfSignal =
      payload.samples.length > 0
        ? await deps.signals.equipmentOf(stream.tenantId, stream.enterpriseId, payload.samples.map((s) => s.signalId))
        : new Map<string, string>();
    const time = ctx.now();
    const record: BatchRecord = {
      tenantId: stream.tenantId,
      agentId: stream.agentId,
      seq: batch.seq,
      prevHash: batch.prevHash,
      digest: verdict.digest,
      payload: batch.payload,
      signature: batch.signature,
      sharingLevel: level,
      historical: payload.historical,
      commitTime: time,
    };
    const events = batchEvents({
      tenantId: stream.tenantId,
      enterpriseId: stream.enterpriseId,
      agentId: stream.agentId,
      seq: batch.seq,
      digest: verdict.digest,
      payloadBytes: batch.payload.length,
      level,
      payload,
      time,
      equipmentOfSignal,
    });
    const { facts, skipped } = batchFacts(
      { tenantId: stream.tenantId, enterpriseId: stream.enterpriseId, agentId: stream.agentId, seq: batch.seq },
      payload,
    );
    if (skipped.length > 0) {
      logger.warn({ agentId: stream.agentId, seq: batch.seq.toString(), skipped }, 'state intervals or production counts left out of KPI computation');
    }
    // Every batch passes through, so the carry follows the agent's chain across sharing levels.
    // A derivation failure must not stall the agent's chain: the batch commits without derived facts.
    const derived = await deriveRawFacts(rawFacts, {
      tenantId: stream.tenantId,
      enterpriseId: stream.enterpriseId,
      agentId: stream.agentId,
      seq: batch.seq,
      prevHash: batch.prevHash,
      digest: verdict.digest,
      payload,
    }).catch((err: unknown) => {
      logger.error({ err, agentId: stream.agentId, seq: batch.seq.toString() }, 'could not derive state intervals and counts from raw samples');
      return [];
    });
    const result = await ctx.store.commitBatch({ batch: record, events, facts: [...facts, ...derived] });
    switch (result.status) {
      case 'committed':
        stream.head = { seq: batch.seq, digest: verdict.digest };
        metrics.batchCommitted(payload.samples.length);
        void ctx.bus
          .publish(BUS_TOPICS.feed, ascii.encode(result.lastEventSeq.toString()))
          .catch((err: unknown) => logger.warn({ err }, 'could not publish a feed wake-up'));
        emitSafely(ctx.events, logger, 'batchCommitted', record);
        return ack(batch.seq, false);
      case 'duplicate':
        metrics.batchDuplicate();
        return ack(batch.seq, true);
      case 'out_of_order':
        // Another stream of the same agent moved the head: judge the batch again against it, once.
        stream.head = { seq: result.lastSeq, digest: result.lastDigest };
        if (retry) throw new RongtongError('SEQ_GAP', `the agent's chain moved concurrently; resume after seq ${result.lastSeq}`);
        return commit(stream, batch, true);
    }
  };

  return {
    async process(stream, raw) {
      let seq = 0n;
      try {
        seq = toBigInt(raw.seq);
        return await commit(stream, checkEnvelope(raw, stream, ctx.limits.maxBatchBytes), false);
      } catch (error) {
        return reject(stream, seq, error);
      }
    },
  };
}

/** The BatchPayload in `bytes`; MALFORMED_PAYLOAD when they are not one. */
function decodePayload(bytes: Uint8Array): BatchPayload__Output {
  try {
    return batchPayloadCodec.decode(bytes);
  } catch (error) {
    throw new RongtongError('MALFORMED_PAYLOAD', `payload is not a rongtong.v1.BatchPayload: ${(error as Error).message}`, {
      fieldViolations: [{ path: 'batch.payload', reason: 'not a rongtong.v1.BatchPayload' }],
      cause: error,
    });
  }
}
