import type { OnboardingServiceHandlers } from '@rongtong/protocol';
import type { PlatformContext } from '../context.js';
import { createDeclareEquipmentRpc } from './onboarding/declare-equipment-rpc.js';
import { createEnrollRpc } from './onboarding/enroll-rpc.js';

/**
 * The `rongtong.v1.OnboardingService` implementation: `Enroll` (authenticated by the
 * one-time enrollment token in the request) and `DeclareEquipment` (agent credential,
 * scope `ingest`, own enterprise only). Register it with
 * `server.addService(definition['rongtong.v1.OnboardingService'], handlers)`.
 */
export function createOnboardingService(ctx: PlatformContext): OnboardingServiceHandlers {
  const scoped = { ...ctx, logger: ctx.logger.child({ component: 'onboarding-service' }) };
  return {
    ...createEnrollRpc(scoped),
    ...createDeclareEquipmentRpc(scoped),
  };
}
