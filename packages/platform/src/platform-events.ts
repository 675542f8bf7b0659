import { EventEmitter } from 'node:events';
import type { AgentRecord, BatchRecord, EnterpriseRecord, EquipmentRecord, TokenRecord } from './store/records.js';

/** Payloads of the hooks a vendor embedding the platform can listen to. */
export interface PlatformEventMap {
  /** A batch was committed (after the store transaction; duplicates do not fire). */
  batchCommitted: [batch: BatchRecord];
  /** A batch was rejected; nothing of it was stored. */
  batchRejected: [info: { tenantId: string; agentId: string; seq: bigint; code: string; message: string }];
  /** An agent enrolled. */
  agentEnrolled: [agent: AgentRecord];
  /** Equipment was declared or re-declared. */
  equipmentDeclared: [equipment: EquipmentRecord[]];
  /** An enterprise was created or changed. */
  enterpriseChanged: [enterprise: EnterpriseRecord];
  /** A token was revoked. */
  tokenRevoked: [token: TokenRecord];
}

/** Typed, synchronous hooks. A listener that throws is logged by the platform, never breaks a call. */
export type PlatformEvents = EventEmitter<PlatformEventMap>;

/** A new hook emitter. */
export function createPlatformEvents(): PlatformEvents {
  return new EventEmitter<PlatformEventMap>({ captureRejections: false });
}

/** Emits a hook, logging (never throwing) what a listener throws. */
export function emitSafely<K extends keyof PlatformEventMap>(
  events: PlatformEvents,
  logger: { error(obj: object, msg: string): void },
  name: K,
  ...args: PlatformEventMap[K]
): void {
  try {
    (events.emit as (n: K, ...a: PlatformEventMap[K]) => boolean)(name, ...args);
  } catch (err) {
    logger.error({ err, hook: name }, 'a platform hook listener threw');
  }
}
