import * as grpc from '@grpc/grpc-js';
import {
  type ErrorDetail,
  type FeedEvent,
  type ProtoGrpcType,
  type SubscribeRequest__Output,
  type SubscribeResponse,
  rongtongPackageDefinition,
} from '@rongtong/protocol';
import { errorTrailer, statusError } from './error-trailer.js';
import { type GrpcTestServer, startGrpcTestServer } from './grpc-test-server.js';

/** How one Subscribe call of the test server ends. */
export interface StreamScript {
  /** End the call after writing this many events; absent: serve to the tail, then follow "live" until cancelled. */
  readonly endAfter?: number;
  /** Status to end with (default OK, a clean end). */
  readonly status?: grpc.status;
  /** ErrorDetail sent in the `rongtong-error-bin` trailer. */
  readonly detail?: ErrorDetail;
}

/** What the server saw of one Subscribe call. */
export interface FeedCallRecord {
  readonly request: SubscribeRequest__Output;
  /** The `authorization` metadata value, if any. */
  readonly authorization: string | undefined;
  /** Events written on this call. */
  sent: number;
  /** True once the client cancelled the call. */
  cancelled: boolean;
}

/** Options of `startFeedTestServer`. */
export interface FeedTestServerOptions {
  /** Number of events in the feed; cursors are `c000001`, `c000002`, … */
  readonly events: number;
  /** Padding per event, in bytes (to make events heavy). Default 0. */
  readonly paddingBytes?: number;
  /** Write a heartbeat after every n examined events (0: never). Default 0. */
  readonly heartbeatEvery?: number;
  /** How call number `index` (from 0) ends. Default: every call follows live. */
  readonly script?: (index: number, request: SubscribeRequest__Output) => StreamScript;
  readonly credentials?: grpc.ServerCredentials;
}

/** A real FeedService over an in-memory, ordered event list. */
export interface FeedTestServer extends GrpcTestServer {
  readonly events: readonly FeedEvent[];
  readonly calls: readonly FeedCallRecord[];
}

/** Every other event is a KPI, the rest gaps — for kind filters. */
export const kindOf = (index: number): 'EVENT_KIND_KPI' | 'EVENT_KIND_GAP' => (index % 2 === 0 ? 'EVENT_KIND_KPI' : 'EVENT_KIND_GAP');

function makeEvents(count: number, paddingBytes: number): FeedEvent[] {
  const padding = 'x'.repeat(paddingBytes);
  return Array.from({ length: count }, (_, i) => ({
    cursor: `c${String(i + 1).padStart(6, '0')}`,
    kind: kindOf(i),
    tenantId: 'tenant-1',
    enterpriseId: 'ent-1',
    equipmentId: `eq-${i % 7}`,
    agentId: `agent-1${padding}`,
    batchSeq: String(i + 1),
  }));
}

type FeedCall = grpc.ServerWritableStream<SubscribeRequest__Output, SubscribeResponse>;

/** Writes one message, waiting for `drain` when the stream's buffer is full; false when the call is gone. */
async function write(call: FeedCall, message: SubscribeResponse): Promise<boolean> {
  if (call.cancelled || call.destroyed) return false;
  if (call.write(message)) return true;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      call.off('drain', done).off('cancelled', done).off('close', done);
      resolve();
    };
    call.on('drain', done).on('cancelled', done).on('close', done);
  });
  return !call.cancelled && !call.destroyed;
}

/** Starts the server on 127.0.0.1:0. */
export async function startFeedTestServer(options: FeedTestServerOptions): Promise<FeedTestServer> {
  const events = makeEvents(options.events, options.paddingBytes ?? 0);
  const calls: FeedCallRecord[] = [];
  const heartbeatEvery = options.heartbeatEvery ?? 0;

  async function serve(call: FeedCall, record: FeedCallRecord, script: StreamScript): Promise<void> {
    const { after, kinds } = call.request;
    let index = 0;
    if (after === 'now') index = events.length;
    else if (after !== '') {
      index = events.findIndex((e) => e.cursor === after) + 1;
      if (index === 0) {
        const detail = { code: 'ERROR_CODE_CURSOR_OUT_OF_RANGE' as const, message: `unknown cursor ${after}` };
        call.emit('error', statusError(grpc.status.OUT_OF_RANGE, detail.message, errorTrailer(detail)));
        return;
      }
    }
    let examined = '';
    for (; index < events.length; index += 1) {
      if (script.endAfter !== undefined && record.sent >= script.endAfter) break;
      const event = events[index]!;
      examined = event.cursor!;
      if (kinds.length === 0 || kinds.includes(kindOf(index))) {
        if (!(await write(call, { event }))) return;
        record.sent += 1;
      }
      if (heartbeatEvery > 0 && (index + 1) % heartbeatEvery === 0) {
        if (!(await write(call, { heartbeat: { cursor: event.cursor } }))) return;
      }
    }
    if (script.endAfter === undefined) {
      // Caught up: say how far the feed was examined, then follow "live" — nothing more
      // comes until the client cancels.
      if (heartbeatEvery > 0 && examined !== '') await write(call, { heartbeat: { cursor: examined } });
      return;
    }
    const status = script.status ?? grpc.status.OK;
    if (status === grpc.status.OK) call.end();
    else {
      const trailer = script.detail === undefined ? undefined : errorTrailer(script.detail);
      call.emit('error', statusError(status, script.detail?.message ?? 'ended by the test', trailer));
    }
  }

  const root = grpc.loadPackageDefinition(rongtongPackageDefinition()) as unknown as ProtoGrpcType;
  const server = await startGrpcTestServer({
    credentials: options.credentials,
    register: (s) =>
      s.addService(root.rongtong.v1.FeedService.service, {
        Subscribe: (call: FeedCall) => {
          const header = call.metadata.get('authorization')[0];
          const record: FeedCallRecord = {
            request: call.request,
            authorization: typeof header === 'string' ? header : undefined,
            sent: 0,
            cancelled: false,
          };
          const script = options.script?.(calls.length, call.request) ?? {};
          calls.push(record);
          call.on('cancelled', () => (record.cancelled = true));
          void serve(call, record, script);
        },
      }),
  });
  return Object.assign(server, { events, calls });
}
