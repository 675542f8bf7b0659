/**
 * What the codegen route costs: encoding and decoding a 1,000-sample BatchPayload through
 * @rongtong/protocol's codec (protobufjs + proto-loader's conversions: int64 → decimal
 * string, enums → names, defaults filled) against protobufjs on bare message instances,
 * which is what a static-module (pbjs) route would run (protobufjs generates the same
 * encoder/decoder code at run time as pbjs writes to disk).
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { batchPayloadCodec, timestampFromMillis, type BatchPayload } from '@rongtong/protocol';
import { measure, table } from './measure.js';

export const title = 'Protocol codec: BatchPayload of 1,000 samples';

function payload(samples: number): BatchPayload {
  const t0 = 1_795_651_200_000;
  return {
    sharingLevel: 'SHARING_LEVEL_RAW',
    createTime: timestampFromMillis(t0),
    samples: Array.from({ length: samples }, (_, i) => ({
      signalId: `line-1/cnc-${String(i % 8).padStart(2, '0')}/${i % 2 === 0 ? 'spindle_speed' : 'parts_produced'}`,
      sourceTime: timestampFromMillis(t0 + i * 100),
      value: i % 2 === 0 ? { doubleValue: 1200 + (i % 50) / 10 } : { uintValue: String(100_000 + i) },
      quality: 'QUALITY_GOOD',
    })),
  };
}

export async function run(): Promise<string> {
  const protoDir = fileURLToPath(new URL('../proto/', import.meta.url));
  const root = new protobuf.Root();
  root.resolvePath = (_o, target) => (target.startsWith('rongtong/') ? join(protoDir, target) : protobuf.util.path.resolve(import.meta.filename, target));
  // protobufjs ships the well-known types itself; only our files come from proto/.
  await root.load(['rongtong/v1/batch.proto'], { keepCase: false });
  const type = root.lookupType('rongtong.v1.BatchPayload');

  const input = payload(1000);
  const bytes = batchPayloadCodec.encode(input);
  const instance = type.decode(bytes);

  const rows = [
    measure('codec encode (fromObject + verify + encode)', () => batchPayloadCodec.encode(input), 100),
    measure('codec decode (decode + toObject, int64 as string)', () => batchPayloadCodec.decode(bytes), 100),
    measure('bare protobufjs encode (message instance)', () => type.encode(instance).finish(), 100),
    measure('bare protobufjs decode (message instance, int64 as Long)', () => type.decode(bytes), 100),
  ];
  const perSample = (bytes.length / 1000).toFixed(1);
  return `${table(rows)}\n\nEncoded size: ${bytes.length.toLocaleString('en-US')} bytes, ${perSample} bytes per sample.`;
}
