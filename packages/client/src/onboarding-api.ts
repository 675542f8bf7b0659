import type { OnboardingServiceDefinition } from '@rongtong/protocol';
import type { CallContext } from './call-context.js';
import { contract } from './contract.js';
import { unary } from './unary.js';
import type { UnaryApi } from './unary-api.js';

/** `rongtong.v1.OnboardingService`: enrol an agent with a one-time token; declare equipment and signals. */
export type OnboardingApi = UnaryApi<OnboardingServiceDefinition>;

/** The OnboardingService methods over a client's channel. */
export function createOnboardingApi(context: CallContext): OnboardingApi {
  const s = contract().OnboardingService.service;
  return {
    enroll: unary(context, s.Enroll),
    declareEquipment: unary(context, s.DeclareEquipment),
  };
}
