import * as grpc from '@grpc/grpc-js';
import { createPlatform, createSqliteStore, ensureOperatorToken, type Platform, type Store } from '@rongtong/platform';
import {
  batchPayloadCodec,
  rongtongPackageDefinition,
  type CreateEnterpriseResponse__Output,
  type CreateTenantResponse__Output,
  type IssueEnrollmentTokenResponse__Output,
  type ProtoGrpcType,
} from '@rongtong/protocol';

const proto = grpc.loadPackageDefinition(rongtongPackageDefinition()) as unknown as ProtoGrpcType;
const OPERATOR = 'enroll-test-operator-secret';

/** A loopback platform over an in-memory store that issues enrollment tokens (for the `enroll` CLI). */
export interface EnrollmentPlatform {
  readonly store: Store;
  readonly platform: Platform;
  readonly address: string;
  /** Creates a tenant and an enterprise and issues a one-time enrollment token for it. */
  issueEnrollmentToken(name: string): Promise<string>;
  /** Closes platform and store. */
  close(): Promise<void>;
}

/** Calls a unary admin method with the operator credential. */
function unary<Res>(client: grpc.Client, method: string, req: object): Promise<Res> {
  const md = new grpc.Metadata();
  md.set('authorization', `Bearer ${OPERATOR}`);
  type Fn = (req: object, md: grpc.Metadata, cb: (err: grpc.ServiceError | null, res?: Res) => void) => void;
  const fn = (client as unknown as Record<string, Fn>)[method]!;
  return new Promise((resolve, reject) => {
    fn.call(client, req, md, (err, res) => (err ? reject(err) : resolve(res!)));
  });
}

/** Starts a platform on 127.0.0.1 (random port) with an operator credential. */
export async function startEnrollmentPlatform(): Promise<EnrollmentPlatform> {
  const store = createSqliteStore({ path: ':memory:' });
  const platform = createPlatform({ store });
  const port = await platform.listen('127.0.0.1:0');
  const address = `127.0.0.1:${port}`;
  await ensureOperatorToken({ store, secret: OPERATOR });
  const admin = new proto.rongtong.v1.AdminService(address, grpc.credentials.createInsecure());
  return {
    store,
    platform,
    address,
    async issueEnrollmentToken(name) {
      const { tenant } = await unary<CreateTenantResponse__Output>(admin, 'CreateTenant', { tenant: { name } });
      const { enterprise } = await unary<CreateEnterpriseResponse__Output>(admin, 'CreateEnterprise', {
        tenantId: tenant!.id,
        enterprise: { unifiedSocialCreditCode: '91350100M000100Y43', name: `${name} 测试企业`, chainLeader: false },
      });
      const { secret } = await unary<IssueEnrollmentTokenResponse__Output>(admin, 'IssueEnrollmentToken', { enterpriseId: enterprise!.id, ttl: { seconds: '600' } });
      return secret;
    },
    async close() {
      admin.close();
      await platform.close(200);
      await store.close();
    },
  };
}

/** Raw samples the store holds for an agent (decoded from every stored batch payload). */
export async function storedSampleCount(store: Store, tenantId: string, agentId: string): Promise<number> {
  const batches = await store.getBatches(tenantId, agentId, 1n, 1_000_000n);
  return batches.reduce((n, b) => n + batchPayloadCodec.decode(b.payload).samples.length, 0);
}
