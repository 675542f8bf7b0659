import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SERVICE_NAMES,
  batchPayloadCodec,
  rongtongPackageDefinition,
  timestampFromMillis,
  type IngestServiceClient,
  type IngestServiceHandlers,
  type ProtoGrpcType,
  type PublishRequest__Output,
  type PublishResponse__Output,
} from './index.js';

const proto = grpc.loadPackageDefinition(rongtongPackageDefinition()) as unknown as ProtoGrpcType;

describe('package definition', () => {
  it('holds the six v1 services of DESIGN §6', () => {
    const definition = rongtongPackageDefinition();
    for (const name of Object.values(SERVICE_NAMES)) expect(definition[name], name).toBeDefined();
  });

  it('makes Publish a bidi stream and Subscribe a server stream', () => {
    const definition = rongtongPackageDefinition();
    const publish = (definition[SERVICE_NAMES.ingest] as grpc.ServiceDefinition).Publish!;
    expect([publish.requestStream, publish.responseStream]).toEqual([true, true]);
    const subscribe = (definition[SERVICE_NAMES.feed] as grpc.ServiceDefinition).Subscribe!;
    expect([subscribe.requestStream, subscribe.responseStream]).toEqual([false, true]);
  });
});

describe('BatchPayload codec', () => {
  it('round-trips 64-bit values as decimal strings, never Long objects', () => {
    const bytes = batchPayloadCodec.encode({
      sharingLevel: 'SHARING_LEVEL_RAW',
      samples: [{ signalId: 's1', sourceTime: timestampFromMillis(1000.5), value: { uintValue: '18446744073709551615' }, quality: 'QUALITY_GOOD' }],
    });
    const decoded = batchPayloadCodec.decode(bytes);
    expect(decoded.sharingLevel).toBe('SHARING_LEVEL_RAW');
    const sample = decoded.samples[0]!;
    expect(sample.value?.uintValue).toBe('18446744073709551615');
    expect(sample.value?.kind).toBe('uintValue');
    expect(sample.sourceTime).toEqual({ seconds: '1', nanos: 500_000 });
    expect(decoded.historical).toBe(false);
  });

  it('refuses malformed bytes', () => {
    expect(() => batchPayloadCodec.decode(Uint8Array.of(0x22, 0xff, 0x01))).toThrow();
  });
});

describe('over real gRPC on loopback', () => {
  let server: grpc.Server;
  let client: IngestServiceClient;
  const seen: { seq: unknown; signal: string }[] = [];

  beforeAll(async () => {
    server = new grpc.Server();
    const handlers: IngestServiceHandlers = {
      Publish(call) {
        call.on('data', (req: PublishRequest__Output) => {
          if (req.message === 'hello') {
            call.write({ welcome: { lastCommittedSeq: '18446744073709551615', maxBatchBytes: 1 << 20, maxInFlight: 8 } });
          } else if (req.message === 'batch' && req.batch) {
            const payload = batchPayloadCodec.decode(req.batch.payload);
            seen.push({ seq: req.batch.seq, signal: payload.samples[0]?.signalId ?? '' });
            call.write({ ack: { seq: req.batch.seq } });
          }
        });
        call.on('end', () => call.end());
      },
    };
    server.addService(proto.rongtong.v1.IngestService.service, handlers);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    client = new proto.rongtong.v1.IngestService(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  });

  afterAll(async () => {
    client?.close();
    await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
  });

  it('carries uint64 beyond 2^53 both ways as exact decimal strings', async () => {
    const call = client.Publish();
    const responses: PublishResponse__Output[] = [];
    const done = new Promise<void>((resolve, reject) => {
      call.on('data', (r: PublishResponse__Output) => responses.push(r));
      call.on('end', resolve);
      call.on('error', reject);
    });
    call.write({ hello: { agentId: 'agent-1', sharingLevel: 'SHARING_LEVEL_RAW' } });
    const payload = batchPayloadCodec.encode({ samples: [{ signalId: 'cnc-1/parts', value: { intValue: '-5' } }] });
    call.write({ batch: { agentId: 'agent-1', seq: '9007199254740993', prevHash: Buffer.alloc(32), payload, signature: Buffer.alloc(64) } });
    call.end();
    await done;
    expect(responses.map((r) => r.message)).toEqual(['welcome', 'ack']);
    expect(responses[0]!.welcome!.lastCommittedSeq).toBe('18446744073709551615');
    expect(responses[1]!.ack!.seq).toBe('9007199254740993');
    expect(seen).toEqual([{ seq: '9007199254740993', signal: 'cnc-1/parts' }]);
  });
});
