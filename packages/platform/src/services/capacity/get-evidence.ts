import { RongtongError } from '@rongtong/core';
import { evidenceBundleCodec, type CapacityRecord, type CapacityServiceHandlers } from '@rongtong/protocol';
import type { PlatformContext } from '../../context.js';
import { authenticatedUnary } from '../../grpc/handlers.js';
import type { CapacityRecordRow } from '../../store/capacity-records.js';
import { capacityRecordToProto } from '../convert/capacity-record.js';
import { invalidField, requireField } from '../validate.js';
import { decodeEvidenceToken, encodeEvidenceToken, evidencePage } from './evidence-page.js';
import { CAPACITY_READ_SCOPES, canSee, capacityReaderOf, type CapacityReader } from './read-access.js';

/** A GetEvidence response stays under this many bytes (the default gRPC receive limit of clients). */
export const MAX_EVIDENCE_RESPONSE_BYTES = 4 * 1024 * 1024;
/** Bytes kept free beyond the bundle's header: response framing and the next_page_token. */
const FRAMING_RESERVE_BYTES = 1024;

function notFound(id: string): RongtongError {
  return new RongtongError('NOT_FOUND', `capacity record ${JSON.stringify(id)} not found`);
}

/** The record as the reader may see it: NOT_FOUND when absent, of another tenant, or of an enterprise the token may not see. */
async function findRecord(ctx: PlatformContext, reader: CapacityReader, id: string): Promise<CapacityRecordRow> {
  const record = await ctx.store.getCapacityRecord(reader.tenantId, id);
  if (!record || !canSee(reader, record.enterpriseId)) throw notFound(id);
  return record;
}

/** The registered public key of every agent the record's evidence names; DATA_LOSS when an agent is gone. */
async function publicKeysOf(ctx: PlatformContext, record: CapacityRecordRow): Promise<Map<string, Uint8Array>> {
  const keys = new Map<string, Uint8Array>();
  for (const ref of record.evidence) {
    if (keys.has(ref.agentId)) continue;
    const agent = await ctx.store.getAgent(record.tenantId, ref.agentId);
    if (!agent) throw new RongtongError('DATA_LOSS', `agent ${ref.agentId} named by the evidence of record ${record.id} is missing from the store`);
    keys.set(ref.agentId, agent.publicKey);
  }
  return keys;
}

/** The encoded size of every page's fixed part: the record and each chain's ids, key, range and anchor. */
function headerBytes(record: CapacityRecord, recordRow: CapacityRecordRow, keys: ReadonlyMap<string, Uint8Array>): number {
  const chains = recordRow.evidence.map((ref) => ({
    agentId: ref.agentId,
    agentPublicKey: keys.get(ref.agentId) ?? new Uint8Array(0),
    anchorDigest: new Uint8Array(32),
    firstSeq: ref.firstSeq.toString(),
    lastSeq: ref.lastSeq.toString(),
  }));
  return evidenceBundleCodec.encode({ record, chains }).length;
}

/**
 * CapacityService.GetEvidence: a capacity record (current or superseded) with, per
 * evidence ref, the agent's public key and its signed batches exactly as stored, so that
 * the record can be verified offline. `page_size` bounds the batches of a page over all
 * chains (0: as many as fit under 4 MiB); every page repeats the record and the chains'
 * ids, keys and ranges, with the anchor digest of where the page's batches start.
 */
export function createGetEvidenceRpc(ctx: PlatformContext): Pick<CapacityServiceHandlers, 'GetEvidence'> {
  return {
    GetEvidence: authenticatedUnary(ctx.auth, ctx.logger, async (request, { principal }) => {
      const reader = capacityReaderOf(ctx, principal, CAPACITY_READ_SCOPES);
      const id = requireField(request.recordId, 'record_id');
      if (!Number.isInteger(request.pageSize) || request.pageSize < 0) throw invalidField('page_size', 'must not be negative');
      const record = await findRecord(ctx, reader, id);
      const start = decodeEvidenceToken(request.pageToken, record.id, record.evidence);
      const keys = await publicKeysOf(ctx, record);
      const proto = capacityRecordToProto(record);
      const page = await evidencePage(ctx.store, record.tenantId, record.evidence, keys, start, {
        maxBatches: request.pageSize === 0 ? Infinity : request.pageSize,
        maxBytes: MAX_EVIDENCE_RESPONSE_BYTES - FRAMING_RESERVE_BYTES - headerBytes(proto, record, keys),
      });
      return {
        bundle: { record: proto, chains: page.chains },
        nextPageToken: page.next ? encodeEvidenceToken(record.id, page.next) : '',
      };
    }),
  };
}
