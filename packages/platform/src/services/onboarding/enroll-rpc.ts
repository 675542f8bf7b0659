import { RongtongError } from '@rongtong/core';
import type { OnboardingServiceHandlers } from '@rongtong/protocol';
import { newAgentTokenRecord } from '../../auth/token-record.js';
import { generateSecret, hashSecret, newId } from '../../auth/token-secret.js';
import type { PlatformContext } from '../../context.js';
import { buildFeedEvent } from '../../feed/feed-event.js';
import { unauthenticatedUnary } from '../../grpc/handlers.js';
import { emitSafely } from '../../platform-events.js';
import type { AgentRecord } from '../../store/records.js';
import type { EnrollAgentInput, EnrollmentRefusal } from '../../store/store.js';
import { agentToProto } from '../convert/agent.js';
import { notifyFeed } from '../feed-notify.js';
import { requireField } from '../validate.js';
import { enrollFieldsOf, type EnrollFields } from './enroll-request.js';

/** The error a refused enrollment token gives. */
function refusal(reason: EnrollmentRefusal): RongtongError {
  switch (reason) {
    case 'not_found':
      return new RongtongError('UNAUTHENTICATED', 'unknown enrollment token');
    case 'already_used':
      return new RongtongError('TOKEN_ALREADY_USED', 'the enrollment token was already used: ask the platform operator for a new one');
    case 'expired':
      return new RongtongError('TOKEN_EXPIRED', 'the enrollment token has expired: ask the platform operator for a new one');
    case 'revoked':
      return new RongtongError('TOKEN_REVOKED', 'the enrollment token was revoked');
  }
}

/**
 * What `Store.enrollAgent` is given for an enrolment with `enrollmentSecret`: a new agent
 * with the checked `fields`, its credential (scope `ingest`; only the hash of
 * `credential` is stored) and the AGENT_ENROLLED event.
 */
export function enrollAgentInput(
  enrollmentSecret: string,
  fields: Omit<EnrollFields, 'publicKey'> & Pick<AgentRecord, 'publicKey'>,
  credential: string,
  now: number,
): EnrollAgentInput {
  const tokenId = newId('tok');
  return {
    enrollmentSecretHash: hashSecret(enrollmentSecret),
    agent: {
      id: newId('agt'),
      name: fields.agentName,
      hostname: fields.hostname,
      agentVersion: fields.agentVersion,
      publicKey: fields.publicKey,
      tokenId,
      enrollTime: now,
    },
    agentToken: newAgentTokenRecord({ id: tokenId, description: `credential of agent "${fields.agentName}"`, createTime: now, secret: credential }),
    event: (agent) =>
      buildFeedEvent({
        tenantId: agent.tenantId,
        kind: 'agent_enrolled',
        enterpriseId: agent.enterpriseId,
        agentId: agent.id,
        time: now,
        payload: { agent: agentToProto(agent) },
      }),
    now,
  };
}

/**
 * OnboardingService.Enroll: exchanges a one-time enrollment token for an agent identity
 * and an `agent` credential (scope `ingest`, restricted to the token's enterprise),
 * registering the agent's Ed25519 public key. Token use, agent, credential and the
 * AGENT_ENROLLED event are written in one store transaction.
 *
 * Not implemented: the contract's retry after a lost response (same token and key →
 * same agent, new credential, old one revoked). The Store has no atomic way to replace an
 * agent's credential, so a retry is refused with TOKEN_ALREADY_USED.
 */
export function createEnrollRpc(ctx: PlatformContext): Pick<OnboardingServiceHandlers, 'Enroll'> {
  return {
    Enroll: unauthenticatedUnary(ctx.logger, async (request) => {
      const enrollmentSecret = requireField(request.enrollmentToken, 'enrollment_token');
      const fields = enrollFieldsOf(request);
      const now = ctx.now();
      const credential = generateSecret('agent');
      const result = await ctx.store.enrollAgent(enrollAgentInput(enrollmentSecret, fields, credential, now));
      if (!result.ok) throw refusal(result.reason);
      const { agent, agentToken } = result;
      ctx.logger.info({ agentId: agent.id, tenantId: agent.tenantId, enterpriseId: agent.enterpriseId }, 'agent enrolled');
      emitSafely(ctx.events, ctx.logger, 'agentEnrolled', agent);
      await notifyFeed(ctx);
      return {
        agentId: agent.id,
        apiToken: credential,
        tenantId: agent.tenantId,
        enterpriseId: agent.enterpriseId,
        tokenId: agentToken.id,
      };
    }),
  };
}
