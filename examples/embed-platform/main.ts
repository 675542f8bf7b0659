/**
 * A platform vendor embeds Rongtong: its own gRPC server (here serving `vendor.v1.GreeterService`)
 * gets the Rongtong services with `platform.addTo(server)`, the vendor reacts to Rongtong's hooks
 * (logged with pino to stdout), and an operator prepares a supplier through `@rongtong/client`:
 * a tenant, an enterprise, and a one-time enrollment token for the enterprise's agent.
 *
 * Run: `pnpm start` (see README.md). Ctrl-C closes everything cleanly.
 *
 * Environment: RONGTONG_EMBED_LISTEN (default 127.0.0.1:0, a free port), RONGTONG_ADMIN_TOKEN
 * (the operator secret, ≥ 16 characters; a random one is made and printed when unset).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { createClient } from '@rongtong/client';
import { createPlatform, createSqliteStore, ensureOperatorToken } from '@rongtong/platform';
import { pino } from 'pino';

interface SayHelloRequest {
  name: string;
}
interface SayHelloResponse {
  message: string;
}

/** A valid unified social credit code (GB 32100) of a made-up Chongqing company. */
const DEMO_CREDIT_CODE = '91500112000000019K';
const TENANT_ID = 'demo-chain';

const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  redact: ['authorization', '*.authorization', 'token', '*.token', 'secret', '*.secret'],
});
const hooksLog = logger.child({ component: 'vendor-hooks' });

// 1. Storage: the built-in SQLite store, in a temporary directory for this demo.
const dataDir = mkdtempSync(join(tmpdir(), 'rongtong-embed-'));
const store = createSqliteStore({ path: join(dataDir, 'platform.db'), logger });

// 2. The operator credential (tenant-less, may act in any tenant); stored only as a hash.
const operatorSecret = process.env.RONGTONG_ADMIN_TOKEN || `demo-operator-${randomBytes(24).toString('base64url')}`;
await ensureOperatorToken({ store, secret: operatorSecret });

// 3. The platform, and the vendor's reactions to what happens in it.
const platform = createPlatform({ store, logger });
platform.events.on('enterpriseChanged', (e) => hooksLog.info({ enterpriseId: e.id, tenantId: e.tenantId, name: e.name }, 'enterprise changed'));
platform.events.on('agentEnrolled', (a) =>
  hooksLog.info({ agentId: a.id, tenantId: a.tenantId, enterpriseId: a.enterpriseId, agentName: a.name }, 'agent enrolled'),
);
platform.events.on('equipmentDeclared', (list) =>
  hooksLog.info({ equipmentIds: list.map((e) => e.id), signals: list.reduce((n, e) => n + e.signals.length, 0) }, 'equipment declared'),
);
platform.events.on('batchCommitted', (b) =>
  hooksLog.info({ tenantId: b.tenantId, agentId: b.agentId, seq: b.seq.toString(), sharingLevel: b.sharingLevel, payloadBytes: b.payload.length }, 'batch committed'),
);
platform.events.on('batchRejected', (r) => hooksLog.warn({ agentId: r.agentId, seq: r.seq.toString(), code: r.code, reason: r.message }, 'batch rejected'));
platform.events.on('tokenRevoked', (t) => hooksLog.info({ tokenId: t.id, kind: t.kind, tenantId: t.tenantId }, 'token revoked'));

// 4. The vendor's own gRPC server, with its own service, and Rongtong added before it binds.
const definition = grpc.loadPackageDefinition(
  loadSync(join(dirname(fileURLToPath(import.meta.url)), 'greeter.proto'), { keepCase: false, defaults: true }),
);
const vendorV1 = (definition.vendor as grpc.GrpcObject).v1 as grpc.GrpcObject;
const GreeterService = vendorV1.GreeterService as grpc.ServiceClientConstructor;
const server = new grpc.Server();
server.addService(GreeterService.service, {
  SayHello: (call: grpc.ServerUnaryCall<SayHelloRequest, SayHelloResponse>, callback: grpc.sendUnaryData<SayHelloResponse>) =>
    callback(null, { message: `你好, ${call.request.name}` }),
});
platform.addTo(server);
const listen = process.env.RONGTONG_EMBED_LISTEN || '127.0.0.1:0';
const port = await new Promise<number>((resolve, reject) =>
  server.bindAsync(listen, grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
);
const address = `${listen.slice(0, listen.lastIndexOf(':'))}:${port}`;

// 5. The operator prepares a supplier through the typed client (plaintext: loopback demo only).
const client = createClient({ address, token: operatorSecret, tls: false, defaultTimeoutMs: 5000 });
await client.admin.createTenant({ tenant: { id: TENANT_ID, name: '重庆汽车产业链 (demo)' } });
const { enterprise } = await client.admin.createEnterprise({
  tenantId: TENANT_ID,
  enterprise: {
    unifiedSocialCreditCode: DEMO_CREDIT_CODE,
    name: '重庆示例精密零部件有限公司',
    sizeClass: 'SIZE_CLASS_SMALL',
    designation: 'DESIGNATION_SPECIALIZED',
    regionCode: '500112',
    certifications: ['ISO9001'],
  },
});
const enterpriseId = enterprise?.id ?? '';
const enrollment = await client.admin.issueEnrollmentToken({ enterpriseId, ttl: { seconds: '86400' }, description: 'demo agent' });
client.close();

console.log(`Rongtong services and vendor.v1.GreeterService listening on ${address}`);
if (!process.env.RONGTONG_ADMIN_TOKEN) console.log(`operator token: ${operatorSecret}`);
console.log(`tenant ${TENANT_ID}, enterprise ${enterpriseId}`);
console.log(`enrollment token (one-time, 24 h): ${enrollment.secret}`);
console.log('Press Ctrl-C to stop.');

// 6. Wait for SIGINT / SIGTERM, then close: health NOT_SERVING and the Rongtong streams drained
//    by the platform; the server is ours, so we shut it down ourselves.
const signal = await new Promise<NodeJS.Signals>((resolve) => {
  process.once('SIGINT', resolve);
  process.once('SIGTERM', resolve);
});
logger.info({ signal }, 'shutting down');
await platform.close(5000);
await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
await store.close();
rmSync(dataDir, { recursive: true, force: true });
logger.info('stopped');
