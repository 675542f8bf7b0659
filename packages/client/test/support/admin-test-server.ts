import * as grpc from '@grpc/grpc-js';
import {
  type AdminServiceHandlers,
  type ListTenantsRequest__Output,
  type ListTenantsResponse,
  type ProtoGrpcType,
  rongtongPackageDefinition,
} from '@rongtong/protocol';
import { errorTrailer, statusError } from './error-trailer.js';
import { type GrpcTestServer, startGrpcTestServer } from './grpc-test-server.js';

/** What the stub saw of one call. */
export interface AdminCallRecord {
  readonly method: string;
  readonly authorization: string | undefined;
  /** The deadline the client sent, if any. */
  readonly deadline: grpc.Deadline;
  cancelled: boolean;
}

/** A tiny AdminService: ListTenants answers, other methods fail in the ways the tests need. */
export interface AdminTestServer extends GrpcTestServer {
  readonly calls: readonly AdminCallRecord[];
}

/** The tenants ListTenants returns. */
export const TENANTS: ListTenantsResponse = {
  tenants: [
    { id: 'cq-auto', name: '重庆汽车产业链', createTime: { seconds: '1717200000', nanos: 5 } },
    { id: 'cq-elec', name: 'Chongqing electronics', createTime: null },
  ],
  nextPageToken: 'page-2',
};

type UnaryCall = grpc.ServerUnaryCall<unknown, unknown>;

/** Starts the stub on 127.0.0.1:0 (plaintext unless `credentials` say otherwise). */
export async function startAdminTestServer(credentials?: grpc.ServerCredentials): Promise<AdminTestServer> {
  const calls: AdminCallRecord[] = [];
  const record = (method: string, call: UnaryCall): AdminCallRecord => {
    const header = call.metadata.get('authorization')[0];
    const entry: AdminCallRecord = {
      method,
      authorization: typeof header === 'string' ? header : undefined,
      deadline: call.getDeadline(),
      cancelled: false,
    };
    call.on('cancelled', () => (entry.cancelled = true));
    calls.push(entry);
    return entry;
  };
  const handlers: Partial<AdminServiceHandlers> = {
    ListTenants(call: grpc.ServerUnaryCall<ListTenantsRequest__Output, ListTenantsResponse>, callback) {
      record('ListTenants', call);
      callback(null, call.request.pageToken === '' ? TENANTS : { tenants: [], nextPageToken: '' });
    },
    CreateTenant(call, callback) {
      record('CreateTenant', call);
      const detail = { code: 'ERROR_CODE_ALREADY_EXISTS' as const, message: 'tenant cq-auto exists' };
      callback(statusError(grpc.status.ALREADY_EXISTS, detail.message, errorTrailer(detail)));
    },
    CreateEnterprise(call, callback) {
      record('CreateEnterprise', call);
      const detail = {
        code: 'ERROR_CODE_INVALID_ARGUMENT' as const,
        message: 'invalid enterprise',
        fieldViolations: [{ field: 'enterprise.credit_code', reason: 'must be 18 characters' }],
      };
      callback(statusError(grpc.status.INVALID_ARGUMENT, detail.message, errorTrailer(detail)));
    },
    ListTokens(call, callback) {
      record('ListTokens', call);
      callback(statusError(grpc.status.PERMISSION_DENIED, 'bare status, no trailer'));
    },
    RevokeToken(call, callback) {
      record('RevokeToken', call);
      const trailer = new grpc.Metadata();
      trailer.set('rongtong-error-bin', Buffer.from('not a protobuf message \xff\xff'));
      callback(statusError(grpc.status.UNAUTHENTICATED, 'garbled trailer', trailer));
    },
    ListAgents(call) {
      // Never answers: for deadlines and cancellation.
      record('ListAgents', call);
    },
  };
  const root = grpc.loadPackageDefinition(rongtongPackageDefinition()) as unknown as ProtoGrpcType;
  const server = await startGrpcTestServer({
    credentials,
    register: (s) => s.addService(root.rongtong.v1.AdminService.service, handlers as grpc.UntypedServiceImplementation),
  });
  return Object.assign(server, { calls });
}
