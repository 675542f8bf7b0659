import { timestampFromMillis, type Agent } from '@rongtong/protocol';
import type { AgentRecord } from '../../store/records.js';

/**
 * The `rongtong.v1.Agent` of a stored agent. The Store keeps neither the sharing level
 * nor presence, so `sharing_level` is UNSPECIFIED and `connected` false; `last_seen_time`
 * is the time of the last committed batch.
 */
export function agentToProto(r: AgentRecord): Agent {
  return {
    id: r.id,
    tenantId: r.tenantId,
    enterpriseId: r.enterpriseId,
    name: r.name,
    hostname: r.hostname,
    publicKey: Buffer.from(r.publicKey),
    tokenId: r.tokenId,
    enrollTime: timestampFromMillis(r.enrollTime),
    agentVersion: r.agentVersion,
    sharingLevel: 'SHARING_LEVEL_UNSPECIFIED',
    lastCommittedSeq: r.lastSeq.toString(),
    lastCommittedDigest: Buffer.from(r.lastDigest),
    lastSeenTime: r.lastBatchTime === 0 ? null : timestampFromMillis(r.lastBatchTime),
    connected: false,
  };
}
