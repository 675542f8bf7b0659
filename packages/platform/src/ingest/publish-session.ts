import { once } from 'node:events';
import type { ServerDuplexStream } from '@grpc/grpc-js';
import { RongtongError } from '@rongtong/core';
import { timestampFromMillis, toBigInt, type Hello__Output, type PublishRequest__Output, type PublishResponse, type SignedBatch__Output } from '@rongtong/protocol';
import { checkUsable } from '../auth/authenticator.js';
import type { PlatformContext } from '../context.js';
import { toGrpcStatus } from '../grpc/grpc-error.js';
import type { AgentStream, BatchProcessor } from './batch-processor.js';
import type { IngestMetrics } from './ingest-metrics.js';
import { sharingLevelFromProto } from './sharing-level.js';

/** A Publish call as grpc-js hands it to the handler. */
export type PublishCall = ServerDuplexStream<PublishRequest__Output, PublishResponse>;

/** Where a Publish stream is in its protocol. */
export type PublishSessionState = 'awaiting_hello' | 'welcoming' | 'open' | 'draining' | 'closed';

/** One open Publish stream. */
export interface PublishSession {
  /** Id of the stream's credential; '' until Hello was accepted. */
  readonly tokenId: string;
  /** Id of the stream's agent; '' until Hello was accepted. */
  readonly agentId: string;
  readonly state: PublishSessionState;
  /** Ends the stream now with `error` as its status (e.g. TOKEN_REVOKED). */
  end(error: unknown): void;
  /** Stops taking batches, answers those already received, then ends with UNAVAILABLE. */
  drain(): void;
  /** Resolves once the stream has ended, however it ended. */
  readonly closed: Promise<void>;
}

/** What a session needs from its service. */
export interface PublishSessionDeps {
  ctx: PlatformContext;
  processor: BatchProcessor;
  metrics: IngestMetrics;
  /** Called when Hello is accepted; returning false (service closing) ends the stream UNAVAILABLE. */
  onOpen(session: PublishSession): boolean;
  /** Called once when the stream has ended. */
  onClose(session: PublishSession): void;
  /** How long a stream may stay without Hello before it is ended (PROTOCOL_VIOLATION). */
  helloTimeoutMs: number;
  /** How often an open stream re-reads its token (revocation normally arrives on the bus). */
  tokenRecheckMs: number;
}

/**
 * Runs the Publish protocol on one call: Hello → Welcome, then batches answered strictly
 * in order by the batch processor while the agent pipelines up to `maxInFlight` of them.
 * Stream-level errors (PROTOCOL_VIOLATION, authentication, UNAVAILABLE) end the call with
 * a status from `toGrpcStatus`; batch-level failures are Rejects and the stream goes on.
 * A half-close is answered by finishing the batches received, then ending with OK.
 */
export function startPublishSession(call: PublishCall, deps: PublishSessionDeps): PublishSession {
  const { ctx } = deps;
  const logger = ctx.logger.child({ component: 'ingest' });
  const maxInFlight = ctx.limits.maxInFlight;
  const inbox: SignedBatch__Output[] = [];
  const aborted = new AbortController();
  let state: PublishSessionState = 'awaiting_hello';
  let stream: AgentStream | undefined;
  let tokenId = '';
  let busy = false;
  /** Batches received and not yet answered (the agent's window as the platform sees it). */
  let unanswered = 0;
  let halfClosed = false;
  let tokenCheckedAt = 0;
  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));

  const violation = (message: string): RongtongError => new RongtongError('PROTOCOL_VIOLATION', message);
  const helloTimer = setTimeout(() => end(violation(`no Hello within ${deps.helloTimeoutMs} ms`)), deps.helloTimeoutMs);
  helloTimer.unref();

  const cleanup = (): void => {
    clearTimeout(helloTimer);
    aborted.abort();
    inbox.length = 0;
    deps.metrics.streamClosed();
    deps.onClose(session);
    resolveClosed();
  };

  function end(error: unknown): void {
    if (state === 'closed') return;
    state = 'closed';
    call.emit('error', toGrpcStatus(error, logger));
    cleanup();
  }

  const finish = (): void => {
    if (state === 'closed') return;
    state = 'closed';
    call.end();
    cleanup();
  };

  const settle = (): void => {
    if (busy || inbox.length > 0) return;
    if (state === 'draining') end(new RongtongError('UNAVAILABLE', 'the platform is shutting down; reconnect with backoff'));
    else if (halfClosed && state === 'open') finish();
  };

  /** Ends the stream if its token was revoked or expired and the bus message was lost. */
  const recheckToken = async (agent: AgentStream): Promise<void> => {
    if (Date.now() - tokenCheckedAt < deps.tokenRecheckMs) return;
    tokenCheckedAt = Date.now();
    const token = await ctx.store.getToken(agent.tenantId, tokenId);
    if (!token) throw new RongtongError('UNAUTHENTICATED', 'the token no longer exists');
    checkUsable(token, ctx.now());
  };

  const pump = async (): Promise<void> => {
    if (busy || !stream) return;
    busy = true;
    try {
      while (inbox.length > 0 && (state === 'open' || state === 'draining')) {
        await recheckToken(stream);
        // An agent that does not read its acks is held here; its window then fills up.
        if (call.writableNeedDrain) await once(call, 'drain', { signal: aborted.signal }).catch(() => undefined);
        const batch = inbox.shift();
        if (!batch || aborted.signal.aborted) break;
        const response = await deps.processor.process(stream, batch);
        if (aborted.signal.aborted) break;
        unanswered -= 1;
        call.write(response);
      }
    } catch (error) {
      end(error);
    } finally {
      busy = false;
    }
    settle();
  };

  const welcome = async (hello: Hello__Output): Promise<void> => {
    try {
      const principal = await ctx.auth.authenticate(call.metadata);
      ctx.auth.requireScope(principal, 'ingest');
      const level = sharingLevelFromProto(hello.sharingLevel);
      const violations = [
        ...(hello.agentId === '' ? [{ path: 'hello.agent_id', reason: 'required' }] : []),
        ...(level ? [] : [{ path: 'hello.sharing_level', reason: 'must be RAW, KPI or CAPACITY' }]),
      ];
      if (!level || violations.length > 0) throw new RongtongError('INVALID_ARGUMENT', 'invalid Hello', { fieldViolations: violations });
      if (principal.agentId === '' || principal.agentId !== hello.agentId) {
        throw new RongtongError('PERMISSION_DENIED', 'Hello.agent_id is not the agent this credential was issued to');
      }
      const agent = await ctx.store.getAgent(principal.tenantId, principal.agentId);
      if (!agent) throw new RongtongError('PERMISSION_DENIED', 'the agent of this credential does not exist');
      if (state !== 'welcoming') return;
      tokenId = principal.tokenId;
      stream = {
        tenantId: agent.tenantId,
        enterpriseId: agent.enterpriseId,
        agentId: agent.id,
        publicKey: agent.publicKey,
        level,
        head: { seq: agent.lastSeq, digest: agent.lastDigest },
      };
      if (!deps.onOpen(session)) throw new RongtongError('UNAVAILABLE', 'the platform is shutting down; reconnect with backoff');
      clearTimeout(helloTimer);
      tokenCheckedAt = Date.now();
      if (toBigInt(hello.highestLocalSeq) < agent.lastSeq) {
        logger.warn({ agentId: agent.id, highestLocalSeq: hello.highestLocalSeq, lastSeq: agent.lastSeq.toString() }, 'the agent has fewer batches than were committed: its outbox was reset');
      }
      call.write({
        welcome: {
          lastCommittedSeq: agent.lastSeq.toString(),
          lastCommittedDigest: Buffer.from(agent.lastDigest),
          maxBatchBytes: ctx.limits.maxBatchBytes,
          maxInFlight,
          serverTime: timestampFromMillis(ctx.now()),
        },
      });
      state = 'open';
      logger.debug({ agentId: agent.id, level }, 'publish stream open');
      await pump();
    } catch (error) {
      end(error);
    }
  };

  const onData = (message: PublishRequest__Output): void => {
    if (state === 'closed' || state === 'draining') return;
    if (message.message === 'hello' && message.hello) {
      if (state !== 'awaiting_hello') return end(violation('Hello may be sent only once, as the first message'));
      state = 'welcoming';
      void welcome(message.hello);
    } else if (message.message === 'batch' && message.batch) {
      if (state === 'awaiting_hello') return end(violation('a batch before Hello'));
      if (unanswered >= maxInFlight) return end(violation(`more than ${maxInFlight} batches in flight`));
      unanswered += 1;
      inbox.push(message.batch);
      void pump();
    } else {
      end(violation('a PublishRequest with neither hello nor batch'));
    }
  };

  call.on('data', onData);
  call.on('end', () => {
    halfClosed = true;
    if (state === 'awaiting_hello') finish();
    else settle();
  });
  call.on('cancelled', () => {
    if (state === 'closed') return;
    state = 'closed';
    cleanup();
  });

  const session: PublishSession = {
    get tokenId() {
      return tokenId;
    },
    get agentId() {
      return stream?.agentId ?? '';
    },
    get state() {
      return state;
    },
    end,
    drain() {
      if (state === 'awaiting_hello' || state === 'welcoming') return end(new RongtongError('UNAVAILABLE', 'the platform is shutting down'));
      if (state !== 'open') return;
      state = 'draining';
      settle();
    },
    closed,
  };
  deps.metrics.streamOpened();
  return session;
}
