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

/**
 * Emits a hook to every listener, each on its own: a listener that throws, or an async
 * listener whose promise rejects, is logged and never stops the other listeners or the call.
 */
export function emitSafely<K extends keyof PlatformEventMap>(
  events: PlatformEvents,
  logger: { error(obj: object, msg: string): void },
  name: K,
  ...args: PlatformEventMap[K]
): void {
  const report = (err: unknown) => logger.error({ err, hook: name }, 'a platform hook listener failed');
  for (const listener of events.rawListeners(name) as ((...a: PlatformEventMap[K]) => unknown)[]) {
    try {
      const result = listener(...args);
      if (result instanceof Promise) result.catch(report);
    } catch (err) {
      report(err);
    }
  }
}
