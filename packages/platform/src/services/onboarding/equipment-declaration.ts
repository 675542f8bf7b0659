import { EquipmentSchema, RongtongError, type Equipment, type FieldViolation } from '@rongtong/core';
import type { DeclareEquipmentRequest__Output } from '@rongtong/protocol';
import { z } from 'zod';
import type { PlatformContext } from '../../context.js';
import type { EquipmentRecord } from '../../store/records.js';
import { declaredEquipmentToProto, equipmentInput } from '../convert/equipment.js';
import { invalidArgument, parseRequest } from '../validate.js';

/** Most equipment one DeclareEquipment call may carry. */
export const MAX_EQUIPMENT_PER_DECLARATION = 1000;

const DeclarationSchema = z.object({
  equipment: z
    .array(EquipmentSchema)
    .min(1, { error: 'at least one equipment is required' })
    .max(MAX_EQUIPMENT_PER_DECLARATION, { error: `at most ${MAX_EQUIPMENT_PER_DECLARATION} equipment per call` }),
});

/**
 * The equipment of a DeclareEquipment request, validated: each with `EquipmentSchema`,
 * equipment ids unique in the request, and signal ids unique across all of it (a signal
 * id is unique within the enterprise). INVALID_ARGUMENT names each offending field.
 */
export function parseDeclaration(request: DeclareEquipmentRequest__Output): Equipment[] {
  const { equipment } = parseRequest(DeclarationSchema, { equipment: request.equipment.map(equipmentInput) });
  const violations: FieldViolation[] = [];
  const equipmentIds = new Map<string, number>();
  const signalIds = new Map<string, string>();
  equipment.forEach((e, i) => {
    const first = equipmentIds.get(e.id);
    if (first !== undefined) violations.push({ path: `equipment.${i}.id`, reason: `duplicate equipment id (also at index ${first})` });
    else equipmentIds.set(e.id, i);
    e.signals.forEach((s, j) => {
      const owner = signalIds.get(s.id);
      if (owner !== undefined && owner !== e.id) {
        violations.push({ path: `equipment.${i}.signals.${j}.id`, reason: `signal id also used by equipment ${JSON.stringify(owner)}` });
      } else signalIds.set(s.id, e.id);
    });
  });
  if (violations.length > 0) throw invalidArgument(violations);
  return equipment;
}

/** True when stored equipment already has exactly the declared content and declaring agent (re-declaring it changes nothing). */
export function isUnchanged(stored: EquipmentRecord, declared: Equipment, agentId: string): boolean {
  return (
    stored.agentId === agentId &&
    JSON.stringify(declaredEquipmentToProto(stored)) === JSON.stringify(declaredEquipmentToProto(declared))
  );
}

/**
 * Throws ALREADY_EXISTS when a declared signal id is already used by other equipment of
 * the enterprise (equipment in the declaration itself may move signals among themselves).
 */
export async function checkSignalIds(
  ctx: PlatformContext,
  tenantId: string,
  enterpriseId: string,
  declared: readonly Equipment[],
): Promise<void> {
  const declaredIds = new Set(declared.map((e) => e.id));
  const usedBy = new Map<string, string>();
  let pageToken = '';
  do {
    const page = await ctx.store.listEquipment(tenantId, enterpriseId, { pageSize: 1000, pageToken });
    for (const e of page.items) {
      if (declaredIds.has(e.id)) continue;
      for (const s of e.signals) usedBy.set(s.id, e.id);
    }
    pageToken = page.nextPageToken;
  } while (pageToken !== '');
  declared.forEach((e, i) =>
    e.signals.forEach((s, j) => {
      const owner = usedBy.get(s.id);
      if (owner !== undefined) {
        throw new RongtongError(
          'ALREADY_EXISTS',
          `equipment.${i}.signals.${j}.id: signal id ${JSON.stringify(s.id)} is already used by equipment ${JSON.stringify(owner)} of the enterprise`,
        );
      }
    }),
  );
}
