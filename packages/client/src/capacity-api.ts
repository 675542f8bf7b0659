import type { CapacityServiceDefinition } from '@rongtong/protocol';
import type { CallContext } from './call-context.js';
import { contract } from './contract.js';
import { unary } from './unary.js';
import type { UnaryApi } from './unary-api.js';

/** `rongtong.v1.CapacityService`: equipment, ISO 22400 KPIs, capacity records, commitments, evidence. */
export type CapacityApi = UnaryApi<CapacityServiceDefinition>;

/** The CapacityService methods over a client's channel. */
export function createCapacityApi(context: CallContext): CapacityApi {
  const s = contract().CapacityService.service;
  return {
    listEquipment: unary(context, s.ListEquipment),
    listKpis: unary(context, s.ListKpis),
    listCapacityRecords: unary(context, s.ListCapacityRecords),
    listCommitments: unary(context, s.ListCommitments),
    getEvidence: unary(context, s.GetEvidence),
  };
}
