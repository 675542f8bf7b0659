import * as grpc from '@grpc/grpc-js';
import { rongtongPackageDefinition, type ErrorCode, type ProtoGrpcType, type PublishRequest__Output, type PublishResponse } from '@rongtong/protocol';

const proto = grpc.loadPackageDefinition(rongtongPackageDefinition()) as unknown as ProtoGrpcType;

/** A fake IngestService that welcomes every Hello at seq 0 and rejects every batch with one code. */
export interface ScriptedIngest {
  readonly address: string;
  /** Hellos received (one per session). */
  readonly hellos: number;
  /** Batch seqs received, in order, over all sessions. */
  readonly batches: string[];
  close(): Promise<void>;
}

/** Starts the fake on a loopback port. */
export async function startScriptedIngest(rejectCode: ErrorCode): Promise<ScriptedIngest> {
  const server = new grpc.Server();
  let hellos = 0;
  const batches: string[] = [];
  server.addService(proto.rongtong.v1.IngestService.service, {
    Publish(call: grpc.ServerDuplexStream<PublishRequest__Output, PublishResponse>) {
      call.on('data', (req: PublishRequest__Output) => {
        if (req.hello) {
          hellos += 1;
          call.write({ welcome: { lastCommittedSeq: '0', lastCommittedDigest: Buffer.alloc(32), maxBatchBytes: 1 << 20, maxInFlight: 4 } });
        } else if (req.batch) {
          batches.push(req.batch.seq);
          call.write({ reject: { seq: req.batch.seq, code: rejectCode, message: 'scripted' } });
        }
      });
      call.on('end', () => call.end());
      call.on('error', () => undefined);
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return {
    address: `127.0.0.1:${port}`,
    get hellos() {
      return hellos;
    },
    batches,
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 200).unref();
      }),
  };
}
